package io.zapgate.sessionhost.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.zapgate.core.log.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * <b>Test only.</b> A fault switch for end-to-end tests of the fleet: with {@code ZAPGATE_CHAOS=true} the host's
 * DynamoDB client carries this interceptor and its health port answers {@code POST /chaos/dynamodb?fail=true}
 * (every DynamoDB call of this host then fails before it is sent, as if the host were cut off from DynamoDB) and
 * {@code ?fail=false} (calls go through again); {@code GET /chaos/dynamodb} tells the current setting. Off by
 * default; the ECS template never sets the variable.
 */
public final class Chaos implements ExecutionInterceptor, HttpHandler {
    /** The environment variable that turns the switch on. */
    public static final String ENV = "ZAPGATE_CHAOS";
    /** Where the switch listens on the health port. */
    public static final String PATH = "/chaos/dynamodb";

    private static final Log LOG = Log.get(Chaos.class);
    private volatile boolean dynamoDbDown;

    /** The switch when {@code ZAPGATE_CHAOS=true}, else null (no interceptor, no endpoint). */
    public static Chaos from(Map<String, String> env) {
        if (!"true".equalsIgnoreCase(env.getOrDefault(ENV, "").trim())) {
            return null;
        }
        LOG.warn("ZAPGATE_CHAOS is on: fault injection over the health port (tests only, never in production)");
        return new Chaos();
    }

    /** Whether every DynamoDB call fails now. */
    public boolean dynamoDbDown() {
        return dynamoDbDown;
    }

    public void dynamoDbDown(boolean down) {
        dynamoDbDown = down;
        LOG.warn("chaos: DynamoDB calls " + (down ? "fail" : "go through again"));
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (dynamoDbDown) {
            throw SdkClientException.create("chaos: DynamoDB unreachable (ZAPGATE_CHAOS)");
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!PATH.equals(ex.getRequestURI().getPath())) {
                send(ex, 404, "{\"status\":\"not found\"}");
                return;
            }
            if ("POST".equals(ex.getRequestMethod())) {
                String query = ex.getRequestURI().getQuery();
                if ("fail=true".equals(query)) {
                    dynamoDbDown(true);
                } else if ("fail=false".equals(query)) {
                    dynamoDbDown(false);
                } else {
                    send(ex, 400, "{\"status\":\"fail must be true or false\"}");
                    return;
                }
            } else if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "{\"status\":\"method not allowed\"}");
                return;
            }
            send(ex, 200, "{\"dynamodb\":\"" + (dynamoDbDown ? "failing" : "ok") + "\"}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
