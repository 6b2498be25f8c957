package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.CountedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The front door of every token-authenticated entry point (HTTP routes and the stream's {@code $connect}):
 * rate limiting plus authentication, with failed authentications counted per client address.
 *
 * <p>A valid token costs one round trip: {@link CountedTokenLookup} resolves the token and counts the request
 * in the token's own bucket in the same step (the DynamoDB adapter: one conditional {@code UpdateItem} on the
 * token's item). Nothing is cached: a deleted token is refused on the very next request.
 *
 * <p>Every token has its own bucket, so guessing with random tokens is limited only by the per-address failure
 * counter (subject {@code authfail-ip:<address>}, the Global class's limit):
 * <ol>
 *   <li>no token: the request counts against {@code ip:<address>}, then 401 {@value Messages#MISSING_TOKEN};</li>
 *   <li>a known token over its bucket's limit: 429;</li>
 *   <li>an unknown token counts one failure for the address (a second round trip), 429 once that passes the
 *       limit, else 401 {@value Messages#INVALID_TOKEN}.</li>
 * </ol>
 * An address whose failure counter reached its limit is remembered by this gate (per runtime, i.e. per Lambda
 * container) until the window resets: its further unknown tokens are answered with the contract's 429 after
 * the token's single round trip, without counting (a counter over its limit only stays there until the window
 * ends, so this memory is never wrong). A container that has not seen the address reach its limit spends one
 * more round trip (the refused count) on its first such request. A valid token from that address still works
 * (a guesser behind a shared address does not lock its neighbours out). Token values are never logged.
 */
public final class AuthGate {
    private static final Log LOG = Log.get(AuthGate.class);
    /** Failures are counted in the Global class (100 per minute per address by default). */
    public static final RateLimitClass FAILURE_CLASS = RateLimitClass.GLOBAL;
    /** Addresses remembered at once; past that the memory starts over (it only saves round trips). */
    static final int MAX_BLOCKED = 10_000;

    private final CountedTokenLookup tokens;
    private final RateLimiter limiter;
    private final Clock clock;
    /** Address to the failure counter's decision once it reached its limit, until that window resets. */
    private final Map<String, RateLimitDecision> blocked = new ConcurrentHashMap<>();

    public AuthGate(CountedTokenLookup tokens, RateLimiter limiter, Clock clock) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.clock = clock;
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
        CountedTokenLookup.Result found = tokens.countAndLookup(hash, cls);
        Optional<TokenRecord> rec = found.token();
        if (rec.isPresent()) {
            if (!found.limit().allowed()) {
                return Admission.refused(found.limit(), rateLimited());
            }
            return new Admission(Authorizer.principalOf(rec.get()), found.limit(), null);
        }
        RateLimitDecision known = blockedUntilReset(clientAddress);
        if (known != null) {
            LOG.info("auth refused: address over its failed-auth limit", "address", clientAddress);
            return Admission.refused(known, rateLimited());
        }
        RateLimitDecision f = limiter.acquire(failureSubject(clientAddress), FAILURE_CLASS);
        if (f.remaining() == 0) {
            remember(clientAddress, f);
        }
        if (!f.allowed()) {
            LOG.info("auth refused: address reached its failed-auth limit", "address", clientAddress);
            return Admission.refused(f, rateLimited());
        }
        return Admission.refused(f, ZapgateException.unauthorized(Messages.INVALID_TOKEN));
    }

    private RateLimitDecision blockedUntilReset(String address) {
        RateLimitDecision d = blocked.get(address);
        if (d == null) {
            return null;
        }
        if (clock.instant().getEpochSecond() >= d.resetEpochSeconds()) {
            blocked.remove(address, d);
            return null;
        }
        return d;
    }

    private void remember(String address, RateLimitDecision reached) {
        if (blocked.size() >= MAX_BLOCKED) {
            blocked.clear();
        }
        blocked.put(address, new RateLimitDecision(false, reached.limit(), 0, reached.resetEpochSeconds()));
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
