package io.zapgate.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link ColdStartBench}: what the Lambda Java runtime does on a cold start, on the functions'
 * shaded jar alone (plus this class). Loads and constructs the handler class (its init: clients, configuration),
 * then hands it one event, and prints {@code COLDSTART|<ctor ms>|<first request ms>|<outcome>|<process CPU ms so far>}.
 * The event is built with the events library's setters (the runtime's own deserialisation is not ours).
 *
 * <p>Arguments: handler class, kind ({@code http}, {@code ws-connect}, {@code ws-disconnect}, {@code ws-default},
 * {@code sqs}), then {@code key=value} pairs: method, path, route, param (instance name), token, body, query
 * (name=value for WebSocket query strings).
 */
public final class ColdStartChild {
    private ColdStartChild() {}

    public static void main(String[] args) throws Exception {
        long jvmStartMs = System.currentTimeMillis()
                - ProcessHandle.current()
                        .info()
                        .startInstant()
                        .map(i -> i.toEpochMilli())
                        .orElse(System.currentTimeMillis());
        Map<String, String> a = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            a.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Object event = event(args[1], a);
        long t1 = System.nanoTime();
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>)
                Class.forName(args[0]).getConstructor().newInstance();
        long t2 = System.nanoTime();
        Object response = handler.handleRequest(event, new BenchContext());
        long t3 = System.nanoTime();
        System.out.println(
                "COLDSTART|" + (t2 - t1) / 1_000_000.0 + "|" + (t3 - t2) / 1_000_000.0 + "|" + outcome(response) + "|"
                        + ProcessHandle.current()
                                .info()
                                .totalCpuDuration()
                                .map(d -> d.toMillis())
                                .orElse(-1L));
        System.exit(0);
    }

    private static String outcome(Object r) {
        if (r instanceof com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse h) {
            return Integer.toString(h.getStatusCode());
        }
        if (r instanceof com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse w) {
            return Integer.toString(w.getStatusCode());
        }
        if (r instanceof com.amazonaws.services.lambda.runtime.events.SQSBatchResponse b) {
            return b.getBatchItemFailures() == null || b.getBatchItemFailures().isEmpty() ? "ok" : "retry";
        }
        return String.valueOf(r);
    }

    private static Object event(String kind, Map<String, String> a) {
        switch (kind) {
            case "http" -> {
                APIGatewayV2HTTPEvent e = new APIGatewayV2HTTPEvent();
                e.setVersion("2.0");
                e.setRouteKey(a.get("route"));
                e.setRawPath(a.get("path"));
                Map<String, String> headers = new HashMap<>();
                headers.put("content-type", "application/json");
                if (a.containsKey("token")) {
                    headers.put("token", a.get("token"));
                }
                if (a.containsKey("admin")) {
                    headers.put("x-admin-secret", a.get("admin"));
                }
                e.setHeaders(headers);
                if (a.containsKey("param")) {
                    e.setPathParameters(Map.of("instance", a.get("param")));
                }
                e.setBody(a.get("body"));
                e.setIsBase64Encoded(false);
                APIGatewayV2HTTPEvent.RequestContext ctx = new APIGatewayV2HTTPEvent.RequestContext();
                ctx.setRequestId("cold-start-1");
                ctx.setRouteKey(a.get("route"));
                APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
                http.setMethod(a.get("method"));
                http.setPath(a.get("path"));
                http.setSourceIp("198.51.100.7");
                ctx.setHttp(http);
                e.setRequestContext(ctx);
                return e;
            }
            case "ws-connect", "ws-disconnect", "ws-default" -> {
                APIGatewayV2WebSocketEvent e = new APIGatewayV2WebSocketEvent();
                APIGatewayV2WebSocketEvent.RequestContext ctx = new APIGatewayV2WebSocketEvent.RequestContext();
                ctx.setConnectionId("cold-start-conn");
                ctx.setRequestId("cold-start-1");
                ctx.setRouteKey(
                        kind.equals("ws-connect")
                                ? "$connect"
                                : kind.equals("ws-disconnect") ? "$disconnect" : "$default");
                ctx.setEventType(
                        kind.equals("ws-connect")
                                ? "CONNECT"
                                : kind.equals("ws-disconnect") ? "DISCONNECT" : "MESSAGE");
                APIGatewayV2WebSocketEvent.RequestIdentity id = new APIGatewayV2WebSocketEvent.RequestIdentity();
                id.setSourceIp("198.51.100.7");
                ctx.setIdentity(id);
                e.setRequestContext(ctx);
                if (a.containsKey("token")) {
                    e.setHeaders(Map.of("token", a.get("token")));
                    e.setQueryStringParameters(Map.of("token", a.get("token")));
                }
                e.setBody(a.get("body"));
                return e;
            }
            case "sqs" -> {
                SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
                m.setMessageId("cold-start-msg");
                m.setReceiptHandle("cold-start-receipt");
                m.setBody(a.get("body"));
                m.setAttributes(Map.of("ApproximateReceiveCount", "1", "MessageGroupId", "cold"));
                m.setEventSource("aws:sqs");
                SQSEvent e = new SQSEvent();
                e.setRecords(List.of(m));
                return e;
            }
            default -> throw new IllegalArgumentException("unknown event kind " + kind);
        }
    }

    /** The runtime's context: a request id and a generous remaining time. */
    private static final class BenchContext implements Context {
        @Override
        public String getAwsRequestId() {
            return "cold-start-1";
        }

        @Override
        public String getLogGroupName() {
            return "bench";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "bench";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:bench";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 29_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
