package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.SettingsPatch;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code POST /api/instance/settings/:instance}: a partial update of the seven settings. */
public final class UpdateSettingsHandler extends ApiHandler {
    public UpdateSettingsHandler() {
        this(Services.fromEnvironment());
    }

    public UpdateSettingsHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        JsonBody body = JsonBody.parse(request.body(), true);
        body.rejectUnknown(RequestParsers.SETTINGS);
        SettingsPatch patch = RequestParsers.settings(body);
        Instance instance = services.lookup.load(caller, request.instanceParam());
        Settings next = services.configure.updateSettings(instance, patch);
        ObjectNode out = ApiResponses.success("Settings updated successfully");
        out.set("settings", InstanceViews.settings(next));
        return ApiResponses.json(200, out);
    }
}
