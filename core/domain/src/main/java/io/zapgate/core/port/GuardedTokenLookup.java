package io.zapgate.core.port;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimiter;
import java.util.Optional;

/**
 * Port: resolves a token hash and reads the caller's failed-authentication counter together, so that an
 * address already over its failure limit is refused after a single round trip (the DynamoDB adapter does
 * both reads in one {@code BatchGetItem}). The token read is strongly consistent.
 */
public interface GuardedTokenLookup {
    /**
     * @param tokenHash      the presented token's hash
     * @param failureSubject the rate-limit subject that counts this caller's failed authentications
     * @param failureClass   the class whose limit applies to that counter
     */
    Result lookup(String tokenHash, String failureSubject, RateLimitClass failureClass);

    /** The token's record, if any, and the failure counter as it stands (not counted by this read). */
    record Result(Optional<TokenRecord> token, RateLimitDecision failures) {}

    /** Two separate reads on the given ports: for the in-memory composition, where round trips are free. */
    static GuardedTokenLookup separate(TokenRepository tokens, RateLimiter limiter) {
        return (hash, subject, cls) -> new Result(tokens.lookup(hash), limiter.peek(subject, cls));
    }
}
