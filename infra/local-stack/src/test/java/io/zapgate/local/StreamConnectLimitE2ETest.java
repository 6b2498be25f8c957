package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The stream's {@code $connect} over a real WebSocket upgrade: limited per token like an HTTP request of the
 * Global class, and failed authentications count per client address together with the HTTP API's.
 */
class StreamConnectLimitE2ETest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** The upgrade's status: 101 when the socket opened (it is closed again), else the refusal's status. */
    private int connect(LocalStack stack, String token) throws Exception {
        URI uri = URI.create(stack.wsUrl() + "/?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        try {
            WebSocket ws = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, new WebSocket.Listener() {})
                    .get(20, TimeUnit.SECONDS);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            return 101;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
            return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
        }
    }

    @Test
    void connectIsRateLimitedPerTokenAndGuessesArePerAddress() throws Exception {
        try (LocalStack stack =
                StackFixture.start(StackFixture.clock(), null, Map.of("ZAPGATE_RATE_LIMIT_GLOBAL", "3"))) {
            Api api = new Api(stack.baseUrl());
            Api.Reply created = api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"watched\"}");
            assertThat(created.status()).isEqualTo(201);
            String instanceToken = created.body().at("/instance/token").asText();

            for (int i = 0; i < 3; i++) {
                assertThat(connect(stack, stack.accountToken())).isEqualTo(101);
            }
            assertThat(connect(stack, stack.accountToken()))
                    .as("4th connect in the minute")
                    .isEqualTo(429);

            // two failed HTTP requests and one failed connect use up the address's 3 failures
            assertThat(api.get("/api/instance/list", "http-guess-1").status()).isEqualTo(401);
            assertThat(api.get("/api/instance/list", "http-guess-2").status()).isEqualTo(401);
            assertThat(connect(stack, "ws-guess-1")).isEqualTo(401);
            assertThat(connect(stack, "ws-guess-2")).isEqualTo(429);
            assertThat(api.get("/api/instance/list", "http-guess-3").status()).isEqualTo(429);
            // a valid token from that address still connects
            assertThat(connect(stack, instanceToken)).isEqualTo(101);
        }
    }
}
