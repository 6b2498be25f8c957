package io.zapgate.core.ratelimit;

/** The outcome of counting one request: whether it may pass, and the values of the X-RateLimit headers. */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {
    public long retryAfterSeconds(long nowEpochSeconds) {
        return Math.max(1, resetEpochSeconds - nowEpochSeconds);
    }
}
