package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code POST /api/instance/reconnect/:instance}: logs in again with the saved session (no QR). */
public final class ReconnectHandler extends ApiHandler {
    public ReconnectHandler() {
        this(Services.fromEnvironment());
    }

    public ReconnectHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        services.link.reconnect(caller, request.instanceParam());
        ObjectNode out = ApiResponses.success("Reconnect initiated");
        out.put("status", "connecting");
        return ApiResponses.json(200, out);
    }
}
