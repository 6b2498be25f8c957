package io.zapgate.core.ratelimit;

import java.time.Instant;

/**
 * Fixed one-minute windows aligned to the minute: a request at second s of the epoch counts in the window
 * starting at {@code s - s % 60}, which resets at the next minute.
 */
public record RateLimitPolicy(int globalPerMinute, int createPerMinute) {
    public static final long WINDOW_SECONDS = 60;

    public RateLimitPolicy {
        if (globalPerMinute < 1 || createPerMinute < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }

    public static RateLimitPolicy contract() {
        return new RateLimitPolicy(100, 20);
    }

    public int limit(RateLimitClass cls) {
        return cls == RateLimitClass.CREATE ? createPerMinute : globalPerMinute;
    }

    /** What a read of {@code used} requests in a window tells: allowed while one more would still pass. */
    public static RateLimitDecision decision(int used, int limit, long resetEpochSeconds) {
        return new RateLimitDecision(used < limit, limit, Math.max(0, limit - used), resetEpochSeconds);
    }

    public static long windowStart(Instant now) {
        long s = now.getEpochSecond();
        return s - Math.floorMod(s, WINDOW_SECONDS);
    }
}
