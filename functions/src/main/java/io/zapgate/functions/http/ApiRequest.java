package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.zapgate.core.error.ZapgateException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A read-only view of an API Gateway HTTP API (payload 2.0) request. */
public final class ApiRequest {
    /** Bodies over this size are refused with a 400 before they are parsed. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
        if (event.getHeaders() != null) {
            headers.putAll(event.getHeaders());
        }
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The token from {@code token:} or, failing that, {@code Authorization: Bearer}. */
    public String token() {
        String t = header("token");
        if (t != null && !t.isBlank()) {
            return t.trim();
        }
        String auth = header("authorization");
        if (auth != null) {
            String a = auth.strip();
            if (a.length() > 6 && a.regionMatches(true, 0, "Bearer", 0, 6) && Character.isWhitespace(a.charAt(6))) {
                String bearer = a.substring(7).strip();
                return bearer.isEmpty() ? null : bearer;
            }
        }
        return null;
    }

    /** The {@code {instance}} path parameter, or "" when the route has none. */
    public String instanceParam() {
        Map<String, String> p = event.getPathParameters();
        String v = p == null ? null : p.get("instance");
        return v == null ? "" : v;
    }

    /** A query parameter as API Gateway joins repeated ones (comma-separated); null when absent. */
    public String query(String name) {
        Map<String, String> q = event.getQueryStringParameters();
        return q == null ? null : q.get(name);
    }

    public String sourceIp() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getHttp() == null ? "unknown" : ctx.getHttp().getSourceIp();
    }

    /**
     * The caller's address for rate limiting. Behind the stack's CloudFront distribution (WAF on) the connection
     * comes from an edge server, so the viewer's address is taken from {@code CloudFront-Viewer-Address}
     * ({@code ip:port}, IPv6 unbracketed); only call this with {@code behindCloudFront} once the origin header has
     * been verified, since a client could send that header itself.
     */
    public String clientAddress(boolean behindCloudFront) {
        String viewer = behindCloudFront ? header("cloudfront-viewer-address") : null;
        if (viewer == null || viewer.isBlank()) {
            return sourceIp();
        }
        int port = viewer.lastIndexOf(':');
        return port > 0 ? viewer.substring(0, port) : viewer;
    }

    /**
     * When the gateway received the request ({@code requestContext.timeEpoch}, milliseconds), or now if the event
     * does not say.
     */
    public java.time.Instant receivedAt() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getTimeEpoch() <= 0
                ? java.time.Instant.now()
                : java.time.Instant.ofEpochMilli(ctx.getTimeEpoch());
    }

    public String requestId() {
        var ctx = event.getRequestContext();
        return ctx == null ? null : ctx.getRequestId();
    }

    public String method() {
        var ctx = event.getRequestContext();
        return ctx == null || ctx.getHttp() == null
                ? ""
                : ctx.getHttp().getMethod().toUpperCase(Locale.ROOT);
    }

    /** The raw body as text; 400 when over {@value #MAX_BODY_BYTES} bytes. */
    public String body() {
        String b = event.getBody();
        if (b == null) {
            return "";
        }
        byte[] bytes = event.getIsBase64Encoded() ? decode(b) : b.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BODY_BYTES) {
            throw ZapgateException.badRequest("Request body too large: at most " + MAX_BODY_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] decode(String b) {
        try {
            if (b.length() > MAX_BODY_BYTES * 4 / 3 + 4) {
                throw ZapgateException.badRequest("Request body too large: at most " + MAX_BODY_BYTES + " bytes");
            }
            return Base64.getDecoder().decode(b);
        } catch (IllegalArgumentException e) {
            throw ZapgateException.badRequest("Request body is not valid base64");
        }
    }

    /** Comma-separated list parameter split into names; null when absent. */
    public List<String> listQuery(String name) {
        String v = query(name);
        return v == null ? null : List.of(v.split(",", -1));
    }
}
