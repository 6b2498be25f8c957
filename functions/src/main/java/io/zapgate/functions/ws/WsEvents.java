package io.zapgate.functions.ws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.zapgate.core.ratelimit.RateLimitDecision;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading API Gateway WebSocket events and building their responses. */
final class WsEvents {
    private WsEvents() {}

    static String connectionId(APIGatewayV2WebSocketEvent e) {
        return e.getRequestContext() == null ? null : e.getRequestContext().getConnectionId();
    }

    /** The token from {@code ?token=}, else the {@code token} header, else {@code Authorization: Bearer}. */
    static String token(APIGatewayV2WebSocketEvent e) {
        String q = query(e, "token");
        if (q != null && !q.isBlank()) {
            return q;
        }
        String h = header(e, "token");
        if (h != null && !h.isBlank()) {
            return h.trim();
        }
        String auth = header(e, "authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    /** The caller's address as API Gateway saw it; {@code unknown} when the event has none. */
    static String sourceIp(APIGatewayV2WebSocketEvent e) {
        var ctx = e.getRequestContext();
        String ip = ctx == null || ctx.getIdentity() == null
                ? null
                : ctx.getIdentity().getSourceIp();
        return ip == null || ip.isBlank() ? "unknown" : ip;
    }

    /** {@code ?instanceName=a,b} split on commas; null when the parameter was not sent. */
    static List<String> instanceFilter(APIGatewayV2WebSocketEvent e) {
        String v = query(e, "instanceName");
        return v == null ? null : Arrays.asList(v.split(",", -1));
    }

    static String query(APIGatewayV2WebSocketEvent e, String name) {
        Map<String, String> q = e.getQueryStringParameters();
        return q == null ? null : q.get(name);
    }

    /** Header names are case-insensitive; API Gateway keeps the client's spelling. */
    static String header(APIGatewayV2WebSocketEvent e, String name) {
        Map<String, String> h = e.getHeaders();
        if (h == null) {
            return null;
        }
        for (Map.Entry<String, String> entry : h.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    /** The HTTP API's X-RateLimit headers (and Retry-After on a 429) on a refused upgrade. */
    static APIGatewayV2WebSocketResponse withRateLimitHeaders(
            APIGatewayV2WebSocketResponse r, RateLimitDecision d, long nowEpochSeconds) {
        if (d == null) {
            return r;
        }
        Map<String, String> h = new LinkedHashMap<>(r.getHeaders() == null ? Map.of() : r.getHeaders());
        h.put("X-RateLimit-Limit", Integer.toString(d.limit()));
        h.put("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        h.put("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
        if (!d.allowed()) {
            h.put("Retry-After", Long.toString(d.retryAfterSeconds(nowEpochSeconds)));
        }
        r.setHeaders(h);
        return r;
    }

    static APIGatewayV2WebSocketResponse response(int status, String body) {
        APIGatewayV2WebSocketResponse r = new APIGatewayV2WebSocketResponse();
        r.setStatusCode(status);
        r.setBody(body);
        if (body != null) {
            r.setHeaders(Map.of("Content-Type", "application/json"));
        }
        return r;
    }
}
