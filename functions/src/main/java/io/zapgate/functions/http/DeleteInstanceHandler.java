package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code DELETE /api/instance/delete/:instance} (TokenAccount only). */
public final class DeleteInstanceHandler extends ApiHandler {
    public DeleteInstanceHandler() {
        this(Services.fromEnvironment());
    }

    public DeleteInstanceHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        try {
            services.deleteInstance.execute(caller, request.instanceParam());
        } catch (ZapgateException e) {
            if (e.code().httpStatus() >= 500) {
                throw new ZapgateException(io.zapgate.core.error.ErrorCode.INTERNAL,
                        "Failed to delete instance: " + e.getMessage(), e);
            }
            throw e;
        }
        ObjectNode out = ApiResponses.success("Instance deleted");
        out.putObject("instance").put("status", "deleted");
        return ApiResponses.json(200, out);
    }
}
