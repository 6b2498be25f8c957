package io.zapgate.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.session.StreamConnection;
import io.zapgate.core.usecase.AuthGate;

/**
 * {@code $connect}: rate limits and authenticates the token ({@code ?token=} or the {@code token} header)
 * exactly like the HTTP API ({@link AuthGate}, Global class: the token's bucket, failed authentications per
 * client address) and stores the connection with the instances it may see. Any non-2xx answer makes API
 * Gateway refuse the upgrade; the body is the contract's error envelope.
 */
public final class WsConnectHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    private static final Log LOG = Log.get(WsConnectHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StreamServices services;

    public WsConnectHandler() {
        this(StreamServices.fromEnvironment());
    }

    public WsConnectHandler(StreamServices services) {
        this.services = services;
        // SnapStart: the front door's round trip (an unknown token: nothing is created) before the snapshot
        io.zapgate.functions.support.SnapStartPriming.register(
                "ws-connect",
                () -> services.authGate.admit("zapgate-snapstart-priming", "snapstart-priming", RateLimitClass.GLOBAL));
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        String connectionId = WsEvents.connectionId(event);
        RateLimitDecision limit = null;
        try {
            AuthGate.Admission admission =
                    services.authGate.admit(WsEvents.token(event), WsEvents.sourceIp(event), RateLimitClass.GLOBAL);
            limit = admission.limit();
            if (!admission.admitted()) {
                throw admission.refusal();
            }
            StreamConnection c =
                    services.open.open(connectionId, admission.principal(), WsEvents.instanceFilter(event));
            LOG.info(
                    "stream connected",
                    "connection",
                    connectionId,
                    "account",
                    c.accountId(),
                    "instances",
                    c.instanceNames() == null ? "all" : c.instanceNames().size());
            return WsEvents.response(200, null);
        } catch (ZapgateException e) {
            int status = e.code().httpStatus();
            LOG.info("stream refused", "connection", connectionId, "status", status);
            var body = JSON.createObjectNode().put("success", false);
            body.putObject("error").put("message", status >= 500 ? "Service temporarily unavailable" : e.getMessage());
            return WsEvents.withRateLimitHeaders(
                    WsEvents.response(status, body.toString()),
                    limit,
                    services.clock.instant().getEpochSecond());
        }
    }
}
