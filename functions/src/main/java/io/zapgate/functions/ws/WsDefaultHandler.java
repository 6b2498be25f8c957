package io.zapgate.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code $default}: every frame a client sends. {@code {"action":"ping"}} is answered with
 * {@code {"action":"pong"}} (the route has a route response, so API Gateway sends the body back); anything
 * else is ignored — the stream is one-way.
 */
public final class WsDefaultHandler
        implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {
    static final String PONG = "{\"action\":\"pong\"}";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Needs no collaborators; the constructor taking them exists for symmetry with the other handlers. */
    public WsDefaultHandler() {}

    public WsDefaultHandler(StreamServices services) {
        this();
    }

    @Override
    public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
        return WsEvents.response(200, isPing(event.getBody()) ? PONG : null);
    }

    static boolean isPing(String body) {
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && "ping".equals(n.path("action").asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
