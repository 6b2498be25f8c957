package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code GET /api/instance/getProxy/:instance}: the proxy block without its password. */
public final class GetProxyHandler extends ApiHandler {
    public GetProxyHandler() {
        this(Services.fromEnvironment());
    }

    public GetProxyHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        Instance instance = services.lookup.load(caller, request.instanceParam());
        ObjectNode out = ApiResponses.success("Proxy retrieved successfully");
        out.set("proxy", InstanceViews.proxy(instance.proxy()));
        return ApiResponses.json(200, out);
    }
}
