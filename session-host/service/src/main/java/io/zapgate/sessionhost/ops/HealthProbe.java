package io.zapgate.sessionhost.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container health check, with nothing but the JDK (the runtime image needs no curl):
 * {@code java -cp /app/zapgate-session-host.jar io.zapgate.sessionhost.ops.HealthProbe [path]} exits 0 when
 * {@code http://127.0.0.1:$ZAPGATE_HEALTH_PORT<path>} (default {@code /health/live}) answers 200, else 1.
 */
public final class HealthProbe {
    private HealthProbe() {}

    public static void main(String[] args) {
        String path = args.length > 0 ? args[0] : "/health/live";
        String port = System.getenv().getOrDefault("ZAPGATE_HEALTH_PORT", Integer.toString(OpsConfig.DEFAULT_PORT));
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> r = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.trim() + path))
                            .timeout(Duration.ofSeconds(4))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println(r.statusCode() + " " + r.body());
            System.exit(r.statusCode() == 200 ? 0 : 1);
        } catch (Exception e) {
            System.out.println("health check failed: " + e);
            System.exit(1);
        }
    }
}
