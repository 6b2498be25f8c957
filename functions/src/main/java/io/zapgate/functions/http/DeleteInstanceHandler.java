package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.usecase.DeleteInstance;
import io.zapgate.functions.support.Services;

/**
 * {@code DELETE /api/instance/delete/:instance} (TokenAccount only). Succeeds even when WhatsApp could not be
 * told (banned, client outdated, unreachable); the response then carries {@code deviceUnlinked:false} and a
 * warning.
 */
public final class DeleteInstanceHandler extends ApiHandler {
    /** The warning of a delete whose device could not be logged out of WhatsApp first. */
    static final String DEVICE_MAY_REMAIN = "The instance could not be logged out of WhatsApp first (banned, "
            + "client outdated or WhatsApp unreachable); its device may still be listed under Linked devices on the "
            + "phone: remove it there";

    public DeleteInstanceHandler() {
        this(Services.fromEnvironment());
    }

    public DeleteInstanceHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        DeleteInstance.Deleted deleted;
        try {
            deleted = services.deleteInstance.execute(caller, request.instanceParam());
        } catch (ZapgateException e) {
            if (e.code().httpStatus() >= 500) {
                throw new ZapgateException(
                        io.zapgate.core.error.ErrorCode.INTERNAL, "Failed to delete instance: " + e.getMessage(), e);
            }
            throw e;
        }
        ObjectNode out = ApiResponses.success("Instance deleted");
        ObjectNode instance = out.putObject("instance").put("status", "deleted");
        if (!deleted.deviceUnlinked()) {
            instance.put("deviceUnlinked", false);
            out.put("warning", DEVICE_MAY_REMAIN);
        }
        return ApiResponses.json(200, out);
    }
}
