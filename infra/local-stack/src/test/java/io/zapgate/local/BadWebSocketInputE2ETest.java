package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsClients;
import io.zapgate.testsupport.Await;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The bad-input corpus of the WebSocket stream (the HTTP routes' is {@link BadInputCorpusE2ETest}), through a real
 * WebSocket client on the local stack: a seeded corpus of malformed {@code $connect} requests (missing, random,
 * oversized, badly encoded and doubled tokens, in the query and in headers; odd {@code instanceName} filters) and of
 * malformed {@code $default} frames (broken JSON, deep nesting, huge numbers, wrong types, odd encodings, binary
 * frames). A connect with a bad token is refused at the upgrade with a 4xx, never a 5xx, and writes no connection row;
 * a connect with a good token and an odd filter is accepted or refused with a 4xx; no frame closes the connection,
 * gets an answer other than the pong of a ping, or stops the next ping from being answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadWebSocketInputE2ETest {
    private static final long SEED = 0x5EED_0057L;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private LocalStack stack;
    private DynamoDbClient dynamo;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        stack = StackFixture.start(
                StackFixture.clock(),
                null,
                Map.of("ZAPGATE_RATE_LIMIT_GLOBAL", "1000000", "ZAPGATE_SESSION_HOST", "0"));
        var e = stack.awsEndpoints();
        dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
        Api api = new Api(stack.baseUrl());
        assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"ws\",\"websocketEnabled\":true}")
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aMalformedConnectIsRefusedWithA4xxAndWritesNothing() throws Exception {
        Random random = new Random(SEED);
        Map<String, String> badQueries = new LinkedHashMap<>();
        badQueries.put("no token", "");
        badQueries.put("empty token", "token=");
        badQueries.put("token without value", "token");
        badQueries.put("percent alone", "token=%");
        badQueries.put("bad percent", "token=%zz%G0");
        badQueries.put("NUL", "token=%00");
        badQueries.put("invalid UTF-8", "token=%FF%FE%C3");
        badQueries.put("overlong UTF-8", "token=%C0%AF");
        badQueries.put("10k token", "token=" + "a".repeat(10_000));
        badQueries.put("account token doubled", "token=" + enc(stack.accountToken()) + "&token=x");
        badQueries.put("account token with a suffix", "token=" + enc(stack.accountToken() + "x"));
        badQueries.put("account token cut", "token=" + enc(stack.accountToken().substring(1)));
        badQueries.put("only a filter", "instanceName=ws");
        badQueries.put("semicolons", "token;=;;");
        for (int i = 0; i < 40; i++) {
            badQueries.put("random token " + i, "token=" + enc(randomText(random, 1 + random.nextInt(300))));
        }
        Map<String, Map<String, String>> badHeaders = new LinkedHashMap<>();
        badHeaders.put("token header empty-ish", Map.of("token", " "));
        badHeaders.put("token header 8k", Map.of("token", "t".repeat(8_000)));
        badHeaders.put("bearer without token", Map.of("Authorization", "Bearer"));
        badHeaders.put("basic auth", Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        badHeaders.put("bearer random", Map.of("Authorization", "Bearer " + randomAscii(random, 64)));

        // the other cases' accepted connections are closed; their rows go with $disconnect
        Await.until("no connection rows", WAIT, () -> connectionRows() == 0);
        List<String> wrong = new ArrayList<>();
        for (var c : badQueries.entrySet()) {
            int status = refusal(http.newWebSocketBuilder(), "/?" + c.getValue());
            if (status < 400 || status >= 500) {
                wrong.add(c.getKey() + " → " + status);
            }
        }
        for (var c : badHeaders.entrySet()) {
            WebSocket.Builder b = http.newWebSocketBuilder();
            c.getValue().forEach(b::header);
            int status = refusal(b, "/");
            if (status < 400 || status >= 500) {
                wrong.add(c.getKey() + " → " + status);
            }
        }
        assertThat(wrong).as("refused with a 4xx").isEmpty();
        assertThat(connectionRows()).as("connection rows written").isZero();
    }

    @Test
    void aGoodTokenWithAnOddFilterIsAcceptedOrRefusedWithA4xx() throws Exception {
        List<String> filters = List.of(
                "instanceName=",
                "instanceName=%00",
                "instanceName=..%2F..%2Fx",
                "instanceName=" + "a,".repeat(2_000),
                "instanceName=%FF",
                "instanceName=ws&instanceName=other",
                "instanceName=" + "n".repeat(5_000));
        List<String> wrong = new ArrayList<>();
        for (String f : filters) {
            String query = "/?token=" + enc(stack.accountToken()) + "&" + f;
            try {
                WsClient c = WsClient.open(http.newWebSocketBuilder(), URI.create(stack.wsUrl() + query));
                c.close();
            } catch (ExecutionException e) {
                int status = e.getCause() instanceof WebSocketHandshakeException h
                        ? h.getResponse().statusCode()
                        : -1;
                if (status < 400 || status >= 500) {
                    wrong.add(f.substring(0, Math.min(40, f.length())) + " → " + status + " " + e.getCause());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void noMalformedFrameClosesTheStreamOrGetsAnAnswer() throws Exception {
        Random random = new Random(SEED + 1);
        List<String> frames = new ArrayList<>(List.of(
                "",
                " ",
                "{",
                "}",
                "[",
                "null",
                "true",
                "42",
                "\"ping\"",
                "{\"action\":null}",
                "{\"action\":1}",
                "{\"action\":[\"ping\"]}",
                "{\"action\":{\"ping\":true}}",
                "{\"action\":\"PING\"}",
                "{\"action\":\"pong\"}",
                "{\"action\":\"subscribe\",\"instanceName\":\"ws\"}",
                "{\"action\":\"ping\"",
                "{\"action\":\"ping\",}",
                "{'action':'ping'}",
                "{\"action\":\"\\ud800\"}",
                "{\"n\":1e99999}",
                "{\"n\":" + "9".repeat(5_000) + "}",
                "[".repeat(5_000) + "]".repeat(5_000),
                "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_000),
                "\u0000\u0001\u0002",
                "\uFEFF{\"action\":\"ping\"}x",
                "x".repeat(100_000)));
        for (int i = 0; i < 60; i++) {
            frames.add(randomText(random, 1 + random.nextInt(2_000)));
        }
        try (WsClient c = WsClient.open(
                http.newWebSocketBuilder(), URI.create(stack.wsUrl() + "/?token=" + enc(stack.accountToken())))) {
            for (String f : frames) {
                c.socket().sendText(f, true).get(10, TimeUnit.SECONDS);
            }
            byte[] bytes = new byte[512];
            random.nextBytes(bytes);
            c.socket().sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
            c.socket().sendText("{\"action\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(c.next()).as("the first answer after the corpus").isEqualTo("{\"action\":\"pong\"}");
            assertThat(c.closedByServer()).as("closed by the server").isNotDone();
            c.socket().sendText("{\"action\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(c.next()).isEqualTo("{\"action\":\"pong\"}");
        }
    }

    /** The status of a refused upgrade (or 101 if it was accepted: the caller reports that as wrong). */
    private int refusal(WebSocket.Builder builder, String pathAndQuery) throws Exception {
        try {
            WsClient c = WsClient.open(builder, URI.create(stack.wsUrl() + pathAndQuery));
            c.close();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        } catch (IllegalArgumentException e) {
            return 400; // the client itself refuses to send it (e.g. a header it considers malformed)
        }
    }

    private long connectionRows() {
        return dynamo.scan(b ->
                        b.tableName(stack.resources().get("WsConnectionsTable")).select("COUNT"))
                .count();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String randomText(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            if (kind < 6) {
                b.append((char) (0x21 + random.nextInt(0x5E)));
            } else if (kind < 8) {
                b.append("{}[]\":,\\".charAt(random.nextInt(8)));
            } else {
                b.appendCodePoint(0xA0 + random.nextInt(0x2000));
            }
        }
        return b.toString();
    }

    /** Printable ASCII only: what an HTTP client lets into a header value. */
    private static String randomAscii(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((char) (0x21 + random.nextInt(0x5E)));
        }
        return b.toString();
    }
}
