package io.zapgate.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.zapgate.core.log.Log;

/** {@code $disconnect}: forgets the connection (best effort: API Gateway does not retry it; TTL cleans up). */
public final class WsDisconnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Log LOG = Log.get(WsDisconnectHandler.class);
    private final StreamServices services;

    public WsDisconnectHandler() {
        this(StreamServices.fromEnvironment());
    }

    public WsDisconnectHandler(StreamServices services) {
        this.services = services;
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        String connectionId = WsEvents.connectionId(event);
        services.open.close(connectionId);
        LOG.info("stream disconnected", "connection", connectionId);
        return WsEvents.response(200, null);
    }
}
