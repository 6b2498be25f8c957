package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.GuardedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimiter;
import java.util.Optional;

/**
 * The front door of every token-authenticated entry point (HTTP routes and the stream's {@code $connect}):
 * rate limiting plus authentication, with failed authentications counted per client address.
 *
 * <p>Every token has its own rate-limit bucket, so guessing with random tokens is limited only by the
 * per-address failure counter (subject {@code authfail-ip:<address>}, the Global class's limit). That counter
 * is read together with the token (one round trip) before anything is written: an unknown token from an
 * address over its failure limit is answered with the contract's 429 after that single round trip. A valid
 * token from that address still works (a guesser behind a shared address does not lock its neighbours out).
 * Otherwise:
 * <ol>
 *   <li>no token: the request counts against {@code ip:<address>}, then 401 {@value Messages#MISSING_TOKEN};</li>
 *   <li>the token's bucket ({@code token:<hash>}) counts the request; over its limit: 429;</li>
 *   <li>an unknown token counts one failure for the address (429 once that passes the limit), else 401
 *       {@value Messages#INVALID_TOKEN}.</li>
 * </ol>
 * Token values are never logged.
 */
public final class AuthGate {
    private static final Log LOG = Log.get(AuthGate.class);
    /** Failures are counted in the Global class (100 per minute per address by default). */
    public static final RateLimitClass FAILURE_CLASS = RateLimitClass.GLOBAL;

    private final GuardedTokenLookup tokens;
    private final RateLimiter limiter;

    public AuthGate(GuardedTokenLookup tokens, RateLimiter limiter) {
        this.tokens = tokens;
        this.limiter = limiter;
    }

    /** The rate-limit subject that counts an address's failed authentications. */
    public static String failureSubject(String clientAddress) {
        return "authfail-ip:" + clientAddress;
    }

    /**
     * @param token         the presented token, null or blank when none was sent
     * @param clientAddress the caller's source address
     * @param cls           the rate-limit class of the route
     */
    public Admission admit(String token, String clientAddress, RateLimitClass cls) {
        if (token == null || token.isBlank()) {
            RateLimitDecision d = limiter.acquire("ip:" + clientAddress, cls);
            return Admission.refused(
                    d, d.allowed() ? ZapgateException.unauthorized(Messages.MISSING_TOKEN) : rateLimited());
        }
        String hash = TokenHash.of(token);
        String failures = failureSubject(clientAddress);
        GuardedTokenLookup.Result found = tokens.lookup(hash, failures, FAILURE_CLASS);
        Optional<TokenRecord> rec = found.token();
        if (rec.isEmpty() && !found.failures().allowed()) {
            LOG.info("auth refused: address over its failed-auth limit", "address", clientAddress);
            return Admission.refused(found.failures(), rateLimited());
        }
        RateLimitDecision d = limiter.acquire("token:" + hash, cls);
        if (!d.allowed()) {
            return Admission.refused(d, rateLimited());
        }
        if (rec.isEmpty()) {
            RateLimitDecision f = limiter.acquire(failures, FAILURE_CLASS);
            if (!f.allowed()) {
                LOG.info("auth refused: address reached its failed-auth limit", "address", clientAddress);
                return Admission.refused(f, rateLimited());
            }
            return Admission.refused(d, ZapgateException.unauthorized(Messages.INVALID_TOKEN));
        }
        return new Admission(Authorizer.principalOf(rec.get()), d, null);
    }

    private static ZapgateException rateLimited() {
        return new ZapgateException(ErrorCode.RATE_LIMITED, Messages.RATE_LIMITED);
    }

    /**
     * The outcome: the caller (when admitted), the rate-limit decision whose values go in the response
     * headers, and the error to answer with when refused (null when admitted).
     */
    public record Admission(Principal principal, RateLimitDecision limit, ZapgateException refusal) {
        public static Admission refused(RateLimitDecision limit, ZapgateException refusal) {
            return new Admission(null, limit, refusal);
        }

        public static Admission admitted(RateLimitDecision limit, Principal principal) {
            return new Admission(principal, limit, null);
        }

        public boolean admitted() {
            return refusal == null;
        }
    }
}
