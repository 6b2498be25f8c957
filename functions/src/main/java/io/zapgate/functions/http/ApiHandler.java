package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.usecase.AuthGate;
import io.zapgate.functions.support.Services;
import io.zapgate.functions.support.SnapStartPriming;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The common path of every HTTP route: rate limit and authenticate ({@link AuthGate}), run the route, map
 * errors, and put the X-RateLimit headers on every response. Subclasses parse, call one use case and map its
 * result.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Log LOG = Log.get(ApiHandler.class);
    /** The 403 for a request that did not come through the stack's CloudFront distribution (WAF on). */
    static final String ORIGIN_REFUSED = "Forbidden: call the API through its CloudFront address";

    protected final Services services;
    private final RateLimitClass rateLimitClass;

    protected ApiHandler(Services services, RateLimitClass rateLimitClass) {
        this.services = services;
        this.rateLimitClass = rateLimitClass;
        SnapStartPriming.register("http", () -> prime(services));
    }

    /** The token and address of the SnapStart warm-up request (an unknown token: it changes nothing). */
    static final String PRIMING_TOKEN = "zapgate-snapstart-priming";

    static final String PRIMING_ADDRESS = "snapstart-priming";

    /**
     * The path of a first request, run before the SnapStart snapshot: the front door's conditional update (an
     * unknown token, so it fails its condition and creates nothing) and the failed-auth count, then the error
     * envelope, the rate-limit headers and a JSON body parsed.
     */
    static APIGatewayV2HTTPResponse prime(Services services) {
        AuthGate.Admission a = services.authGate.admit(PRIMING_TOKEN, PRIMING_ADDRESS, RateLimitClass.GLOBAL);
        APIGatewayV2HTTPResponse r = a.admitted()
                ? ApiResponses.json(200, ApiResponses.success("primed"))
                : HttpErrorMapper.map(a.refusal());
        JsonBody.parse("{\"name\":\"priming\"}", false);
        return withRateLimitHeaders(services, r, a.limit());
    }

    /** The route itself, after rate limiting and authentication. */
    protected abstract APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller);

    /**
     * Rate limiting and authentication ({@link AuthGate}: the token's bucket, failed authentications per
     * client address). The admin route overrides it.
     */
    protected AuthGate.Admission admit(ApiRequest request) {
        return services.authGate.admit(
                request.token(), request.clientAddress(services.behindCloudFront()), rateLimitClass);
    }

    protected RateLimitClass rateLimitClass() {
        return rateLimitClass;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long start = System.nanoTime();
        ApiRequest request = new ApiRequest(event);
        Log.context("requestId", request.requestId());
        RateLimitDecision limit = null;
        APIGatewayV2HTTPResponse response;
        try {
            if (!services.originAllowed(request.header(Services.ORIGIN_HEADER))) {
                // before any DynamoDB call: a request that skipped the CloudFront/WAF front door costs nothing
                throw new ZapgateException(ErrorCode.FORBIDDEN, ORIGIN_REFUSED);
            }
            AuthGate.Admission admission = admit(request);
            limit = admission.limit();
            if (!admission.admitted()) {
                throw admission.refusal();
            }
            response = handle(request, admission.principal());
        } catch (RuntimeException e) {
            response = HttpErrorMapper.map(e);
        }
        response = withRateLimitHeaders(services, response, limit);
        LOG.info(
                "request",
                "method",
                request.method(),
                "route",
                event.getRouteKey(),
                "status",
                response.getStatusCode(),
                "ms",
                (System.nanoTime() - start) / 1_000_000);
        Log.clearContext();
        return response;
    }

    static APIGatewayV2HTTPResponse withRateLimitHeaders(
            Services services, APIGatewayV2HTTPResponse r, RateLimitDecision d) {
        if (d == null) {
            return r;
        }
        Map<String, String> h = new LinkedHashMap<>(r.getHeaders());
        h.put("X-RateLimit-Limit", Integer.toString(d.limit()));
        h.put("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        h.put("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
        if (!d.allowed()) {
            h.put(
                    "Retry-After",
                    Long.toString(d.retryAfterSeconds(services.clock.instant().getEpochSecond())));
        }
        r.setHeaders(h);
        return r;
    }
}
