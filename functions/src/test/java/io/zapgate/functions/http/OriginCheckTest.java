package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.functions.support.Services;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With the WAF on, the API sits behind CloudFront, which adds a secret origin header: requests straight to the
 * execute-api address (skipping the WAF's rate rule) are refused before any table is read, and the failed-auth
 * counter keys on the viewer's address instead of the edge server's.
 */
class OriginCheckTest {
    private static final String SECRET = "origin-secret-origin-secret-origin-secret";
    private final MutableClock clock = MutableClock.startingAtNextMinutePlus(5);
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(RateLimitPolicy.contract(), clock);
    private final Services services = new Services(
            clock,
            store,
            store,
            store,
            limiter,
            new InMemoryCommandBus(),
            new InMemoryCommandResults(),
            Duration.ofMillis(500),
            2,
            null);
    private final String accountToken =
            services.createAccount.execute("Acme", 2, null).token();

    private APIGatewayV2HTTPResponse list(String token, Map<String, String> extraHeaders) {
        APIGatewayV2HTTPEvent e = Events.request("GET", "GET /api/instance/list", null, token, null, null);
        Map<String, String> headers = new HashMap<>(e.getHeaders());
        headers.putAll(extraHeaders);
        e.setHeaders(headers);
        return new ListInstancesHandler(services).handleRequest(e, null);
    }

    private int guesses;

    /** A different wrong token per request, so only the address's failure counter can refuse it. */
    private String badToken() {
        return "guess-%035d".formatted(guesses++);
    }

    @Test
    void withoutAnOriginSecretNothingIsChecked() {
        assertThat(list(accountToken, Map.of()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void aRequestThatSkippedCloudFrontIsRefusedBeforeAnyLookup() {
        services.requireOrigin(SECRET);

        APIGatewayV2HTTPResponse none = list(accountToken, Map.of());
        APIGatewayV2HTTPResponse wrong = list(accountToken, Map.of(Services.ORIGIN_HEADER, SECRET + "x"));
        APIGatewayV2HTTPResponse right = list(accountToken, Map.of(Services.ORIGIN_HEADER, SECRET));

        assertThat(none.getStatusCode()).isEqualTo(403);
        assertThat(none.getBody()).contains(ApiHandler.ORIGIN_REFUSED).contains("\"success\":false");
        assertThat(none.getHeaders()).doesNotContainKey("X-RateLimit-Limit");
        assertThat(wrong.getStatusCode()).isEqualTo(403);
        assertThat(right.getStatusCode()).isEqualTo(200);
        assertThat(right.getHeaders().get("X-RateLimit-Remaining")).isEqualTo("99");
    }

    @Test
    void behindCloudFrontFailedAuthIsCountedPerViewerNotPerEdgeServer() {
        services.requireOrigin(SECRET);
        Map<String, String> viewerA =
                Map.of(Services.ORIGIN_HEADER, SECRET, "cloudfront-viewer-address", "203.0.113.7:50123");
        Map<String, String> viewerB =
                Map.of(Services.ORIGIN_HEADER, SECRET, "cloudfront-viewer-address", "2001:db8::9:443");
        for (int i = 0; i < 100; i++) {
            assertThat(list(badToken(), viewerA).getStatusCode()).isEqualTo(401);
        }

        assertThat(list(badToken(), viewerA).getStatusCode()).isEqualTo(429);
        assertThat(list(badToken(), viewerB).getStatusCode()).isEqualTo(401);
    }

    @Test
    void withoutTheOriginCheckTheViewerHeaderIsNotTrusted() {
        Map<String, String> spoofA = Map.of("cloudfront-viewer-address", "203.0.113.7:1");
        Map<String, String> spoofB = Map.of("cloudfront-viewer-address", "203.0.113.8:1");
        for (int i = 0; i < 100; i++) {
            assertThat(list(badToken(), spoofA).getStatusCode()).isEqualTo(401);
        }

        assertThat(list(badToken(), spoofB).getStatusCode()).isEqualTo(429);
    }
}
