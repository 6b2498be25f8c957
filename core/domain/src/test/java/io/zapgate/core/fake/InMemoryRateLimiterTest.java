package io.zapgate.core.fake;

import io.zapgate.core.contract.RateLimiterContract;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.ratelimit.RateLimiter;

class InMemoryRateLimiterTest extends RateLimiterContract {
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(RateLimitPolicy.contract(), clock);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }
}
