package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.functions.support.Services;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common path of every HTTP route: count the request against its token's rate limit (the client
 * address when no token was sent), authenticate, run the route, map errors, and put the X-RateLimit
 * headers on every response. Subclasses parse, call one use case and map its result.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.get(ApiHandler.class);
    protected final Services services;
    private final RateLimitClass rateLimitClass;

    protected ApiHandler(Services services, RateLimitClass rateLimitClass) {
        this.services = services;
        this.rateLimitClass = rateLimitClass;
    }

    /** The route itself, after rate limiting and authentication. */
    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller);

    /** Who is calling. Default: the token; the admin route overrides it. */
    protected Principal authenticate(ApiRequest request) {
        return services.authorizer.authenticate(request.token());
    }

    /** What the rate limit counts against: the token's hash, or the client address without a token. */
    protected String rateLimitSubject(ApiRequest request) {
        String token = request.token();
        return token == null ? "ip:" + request.sourceIp() : "token:" + TokenHash.of(token);
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        ApiRequest request = new ApiRequest(event);
        Log.context("requestId", request.requestId());
        RateLimitDecision limit = null;
        APIGatewayV2HTTPResponse response;
        try {
            limit = services.rateLimiter.acquire(rateLimitSubject(request), rateLimitClass);
            if (!limit.allowed()) {
                response = ApiResponses.error(429, Messages.RATE_LIMITED);
            } else {
                Principal caller;
                try {
                    caller = authenticate(request);
                } catch (ZapgateException e) {
                    RateLimitDecision guessing = countFailedAuth(request, e);
                    if (guessing != null && !guessing.allowed()) {
                        limit = guessing;
                        throw new ZapgateException(io.zapgate.core.error.ErrorCode.RATE_LIMITED, Messages.RATE_LIMITED);
                    }
                    throw e;
                }
                response = handle(request, caller);
            }
        } catch (RuntimeException e) {
            response = HttpErrorMapper.map(e);
        }
        response = withRateLimitHeaders(response, limit);
        LOG.info("request", "method", request.method(), "route", event.getRouteKey(), "status",
                response.getStatusCode(), "ms", (System.nanoTime() - start) / 1_000_000);
        Log.clearContext();
        return response;
    }

    /**
     * Every token gets its own bucket, so guessing with random tokens would never be limited: failed
     * authentications are also counted per client address (one more round trip, on failures only).
     */
    private RateLimitDecision countFailedAuth(ApiRequest request, ZapgateException e) {
        if (e.code() != io.zapgate.core.error.ErrorCode.UNAUTHORIZED || request.token() == null) {
            return null;
        }
        return services.rateLimiter.acquire("authfail-ip:" + request.sourceIp(), RateLimitClass.GLOBAL);
    }

    private APIGatewayV2HTTPResponse withRateLimitHeaders(APIGatewayV2HTTPResponse r, RateLimitDecision d) {
        if (d == null) {
            return r;
        }
        Map<String, String> h = new LinkedHashMap<>(r.getHeaders());
        h.put("X-RateLimit-Limit", Integer.toString(d.limit()));
        h.put("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        h.put("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
        if (!d.allowed()) {
            h.put("Retry-After", Long.toString(d.retryAfterSeconds(services.clock.instant().getEpochSecond())));
        }
        r.setHeaders(h);
        return r;
    }
}
