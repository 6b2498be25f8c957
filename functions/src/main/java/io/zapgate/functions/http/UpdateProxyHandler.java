package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.ProxyPatch;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code POST /api/instance/proxy/:instance}: applies at the next connect or reconnect. */
public final class UpdateProxyHandler extends ApiHandler {
    public UpdateProxyHandler() {
        this(Services.fromEnvironment());
    }

    public UpdateProxyHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        JsonBody body = JsonBody.parse(request.body(), true);
        body.rejectUnknown(RequestParsers.PROXY);
        ProxyPatch patch = RequestParsers.proxy(body);
        Instance instance = services.lookup.load(caller, request.instanceParam());
        ProxySettings next = services.configure.updateProxy(instance, patch);
        ObjectNode out = ApiResponses.success("Proxy configuration updated");
        out.set("proxy", InstanceViews.proxy(next));
        return ApiResponses.json(200, out);
    }
}
