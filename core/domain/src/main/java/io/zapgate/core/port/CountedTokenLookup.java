package io.zapgate.core.port;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimiter;
import java.util.Optional;

/**
 * Port: resolves a token hash and counts one request against that token's own rate-limit bucket in the same
 * step, so that a warm, valid request costs a single round trip (the DynamoDB adapter does both in one
 * conditional {@code UpdateItem} on the token's item, which fails for a token that does not exist). Never
 * stale: a deleted token is unknown on the very next call.
 */
public interface CountedTokenLookup {
    /**
     * @param tokenHash the presented token's hash
     * @param cls       the rate-limit class of the route (the token has one bucket per class)
     * @return the token's record and the decision of its bucket; an unknown token is not counted anywhere
     */
    Result countAndLookup(String tokenHash, RateLimitClass cls);

    /** The token's record, if any, and its bucket's decision (null when the token is unknown). */
    record Result(Optional<TokenRecord> token, RateLimitDecision limit) {
        public static Result unknown() {
            return new Result(Optional.empty(), null);
        }
    }

    /** A read then a count on the given ports: for the in-memory composition, where round trips are free. */
    static CountedTokenLookup separate(TokenRepository tokens, RateLimiter limiter) {
        return (hash, cls) -> {
            Optional<TokenRecord> rec = tokens.lookup(hash);
            return rec.isEmpty() ? Result.unknown() : new Result(rec, limiter.acquire("token:" + hash, cls));
        };
    }
}
