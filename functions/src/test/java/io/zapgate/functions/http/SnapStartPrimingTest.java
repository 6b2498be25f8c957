package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.usecase.AuthGate;
import io.zapgate.functions.support.Services;
import io.zapgate.testsupport.MutableClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The SnapStart warm-up of the HTTP functions: the first request's path, refused, with no effect but a count. */
class SnapStartPrimingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(RateLimitPolicy.contract(), clock);
    private final Services services = new Services(
            clock,
            store,
            store,
            store,
            limiter,
            new InMemoryCommandBus(),
            new io.zapgate.core.fake.InMemoryCommandResults(),
            java.time.Duration.ofMillis(500),
            2,
            "admin-secret-admin-secret-admin-1");

    @Test
    void primingRunsTheFrontDoorAndChangesNothingButTheFailureCount() {
        APIGatewayV2HTTPResponse r = ApiHandler.prime(services);
        assertThat(r.getStatusCode()).isEqualTo(401);
        assertThat(r.getHeaders()).containsKey("X-RateLimit-Limit");
        assertThat(limiter.peek(AuthGate.failureSubject(ApiHandler.PRIMING_ADDRESS), AuthGate.FAILURE_CLASS)
                        .remaining())
                .isEqualTo(99);
        assertThat(services.listInstances).isNotNull();
        assertThat(limiter.peek("token:x", RateLimitClass.GLOBAL).remaining()).isEqualTo(100);
    }

    @Test
    void constructingAHandlerRegistersTheHttpWarmUpOnce() {
        new ListInstancesHandler(services);
        new GetSettingsHandler(services);
        assertThat(io.zapgate.functions.support.SnapStartPrimingAccess.registered())
                .containsOnlyOnce("http");
    }
}
