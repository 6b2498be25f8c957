package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code DELETE /api/instance/logout/:instance}: unlinks on WhatsApp, wipes the session, keeps the instance. */
public final class LogoutHandler extends ApiHandler {
    public LogoutHandler() {
        this(Services.fromEnvironment());
    }

    public LogoutHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        services.link.logout(caller, request.instanceParam());
        ObjectNode out = ApiResponses.success("Instance logged out");
        out.putObject("instance").put("status", "loggedout");
        return ApiResponses.json(200, out);
    }
}
