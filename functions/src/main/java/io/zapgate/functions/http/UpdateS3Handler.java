package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.S3Patch;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code POST /api/instance/s3/:instance}; {@code {"enabled":false}} deletes the credentials. */
public final class UpdateS3Handler extends ApiHandler {
    public UpdateS3Handler() {
        this(Services.fromEnvironment());
    }

    public UpdateS3Handler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        JsonBody body = JsonBody.parse(request.body(), true);
        body.rejectUnknown(RequestParsers.S3);
        S3Patch patch = RequestParsers.s3(body);
        Instance instance = services.lookup.load(caller, request.instanceParam());
        S3Settings next = services.configure.updateS3(instance, patch);
        ObjectNode out = ApiResponses.success("S3 configuration updated");
        out.set("s3", InstanceViews.s3(next));
        return ApiResponses.json(200, out);
    }
}
