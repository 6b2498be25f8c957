package io.zapgate.core.fake;

import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Fixed-window counters in a map, with the same semantics as the DynamoDB adapter. */
public final class InMemoryRateLimiter implements RateLimiter {
    private final RateLimitPolicy policy;
    private final Clock clock;
    private final Map<String, Integer> counts = new HashMap<>();

    public InMemoryRateLimiter(RateLimitPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public synchronized RateLimitDecision acquire(String subject, RateLimitClass cls) {
        long window = RateLimitPolicy.windowStart(clock.instant());
        int limit = policy.limit(cls);
        String key = subject + "#" + cls + "#" + window;
        int used = counts.getOrDefault(key, 0);
        long reset = window + RateLimitPolicy.WINDOW_SECONDS;
        if (used >= limit) {
            return new RateLimitDecision(false, limit, 0, reset);
        }
        counts.put(key, used + 1);
        return new RateLimitDecision(true, limit, limit - used - 1, reset);
    }

    @Override
    public synchronized RateLimitDecision peek(String subject, RateLimitClass cls) {
        long window = RateLimitPolicy.windowStart(clock.instant());
        int limit = policy.limit(cls);
        int used = counts.getOrDefault(subject + "#" + cls + "#" + window, 0);
        return RateLimitPolicy.decision(used, limit, window + RateLimitPolicy.WINDOW_SECONDS);
    }
}
