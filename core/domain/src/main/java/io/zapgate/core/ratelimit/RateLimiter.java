package io.zapgate.core.ratelimit;

/** Port: counts a request for a subject (a token hash, or a client address when no token was sent). */
public interface RateLimiter {
    /** Counts one request atomically; never lets more than the limit pass in one window, however they race. */
    RateLimitDecision acquire(String subject, RateLimitClass cls);

    /**
     * Reads the subject's count in the current window without counting: {@code allowed} is false once the
     * limit is reached (the next {@link #acquire} would be refused).
     */
    RateLimitDecision peek(String subject, RateLimitClass cls);
}
