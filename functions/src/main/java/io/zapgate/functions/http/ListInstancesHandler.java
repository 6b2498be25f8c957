package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;
import java.util.List;

/** {@code GET /api/instance/list[?instanceName=a,b]}: the caller's instances, tokens never shown. */
public final class ListInstancesHandler extends ApiHandler {
    public ListInstancesHandler() {
        this(Services.fromEnvironment());
    }

    public ListInstancesHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        List<Instance> found = services.listInstances.execute(caller, request.listQuery("instanceName"));
        ObjectNode out =
                ApiResponses.success(found.size() + (found.size() == 1 ? " Instance found" : " Instances found"));
        ArrayNode list = out.putArray("instances");
        found.forEach(i -> list.add(InstanceViews.summary(i)));
        return ApiResponses.json(200, out);
    }
}
