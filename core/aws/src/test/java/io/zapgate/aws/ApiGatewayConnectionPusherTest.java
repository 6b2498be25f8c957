package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.session.ConnectionPusher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/** The Management API call as API Gateway sees it: path, body, SigV4 for execute-api; 410 → gone. */
class ApiGatewayConnectionPusherTest {
    private record Seen(String method, String path, String body, String authorization) {}

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private ConnectionPusher pusher;
    private final Map<String, Integer> statusById = Map.of("gone=", 410, "throttled=", 429);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            String path = x.getRequestURI().getRawPath();
            seen.add(new Seen(
                    x.getRequestMethod(),
                    path,
                    new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    x.getRequestHeaders().getFirst("Authorization")));
            String id = java.net.URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
            x.sendResponseHeaders(statusById.getOrDefault(id, 200), -1);
            x.close();
        });
        server.start();
        pusher = new ApiGatewayConnectionPusher(
                UrlConnectionHttpClient.create(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/live/"),
                "eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheTextToTheConnectionSigned() {
        assertThat(pusher.push("L0SM9cOFvHcCIhw=", "{\"event\":\"instance.state\"}"))
                .isEqualTo(ConnectionPusher.Result.OK);
        Seen s = seen.get(0);
        assertThat(s.method()).isEqualTo("POST");
        assertThat(s.path()).isEqualTo("/live/@connections/L0SM9cOFvHcCIhw%3D");
        assertThat(s.body()).isEqualTo("{\"event\":\"instance.state\"}");
        assertThat(s.authorization())
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/execute-api/aws4_request");
    }

    @Test
    void goneIsReportedAndOtherFailuresAreUnavailable() {
        assertThat(pusher.push("gone=", "x")).isEqualTo(ConnectionPusher.Result.GONE);
        assertThatThrownBy(() -> pusher.push("throttled=", "x"))
                .isInstanceOfSatisfying(
                        ZapgateException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }
}
