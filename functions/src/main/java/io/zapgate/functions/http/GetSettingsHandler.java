package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code GET /api/instance/getSettings/:instance}. */
public final class GetSettingsHandler extends ApiHandler {
    public GetSettingsHandler() {
        this(Services.fromEnvironment());
    }

    public GetSettingsHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        Instance instance = services.lookup.load(caller, request.instanceParam());
        ObjectNode out = ApiResponses.success("Settings retrieved successfully");
        out.set("settings", InstanceViews.settings(instance.settings()));
        return ApiResponses.json(200, out);
    }
}
