package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.usecase.Authorizer;
import io.zapgate.core.usecase.CreateInstance;
import io.zapgate.functions.support.Services;

/** {@code POST /api/instance/new} (TokenAccount): creates an instance and shows its token once. */
public final class CreateInstanceHandler extends ApiHandler {
    public CreateInstanceHandler() {
        this(Services.fromEnvironment());
    }

    public CreateInstanceHandler(Services services) {
        super(services, RateLimitClass.CREATE);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        Principal.Account account = Authorizer.requireAccount(caller);
        var body = RequestParsers.newInstance(JsonBody.parse(request.body(), false));
        CreateInstance.Created created = services.createInstance.execute(account, body);
        ObjectNode view = InstanceViews.summary(created.instance());
        view.put("token", created.token());
        if (created.instance().webhook().signingSecret() != null) {
            ((ObjectNode) view.get("webhook"))
                    .put("secret", created.instance().webhook().signingSecret());
        }
        view.put("state", created.instance().connection().state().wire());
        ObjectNode out = ApiResponses.success("Instance created");
        out.set("instance", view);
        return ApiResponses.json(201, out);
    }
}
