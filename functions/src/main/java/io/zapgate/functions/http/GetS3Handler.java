package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.functions.support.Services;

/** {@code GET /api/instance/getS3/:instance}: the S3 block, {@code secretKey} always null. */
public final class GetS3Handler extends ApiHandler {
    public GetS3Handler() {
        this(Services.fromEnvironment());
    }

    public GetS3Handler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        Instance instance = services.lookup.load(caller, request.instanceParam());
        ObjectNode out = ApiResponses.success("S3 configuration retrieved");
        out.set("s3", InstanceViews.s3(instance.s3()));
        return ApiResponses.json(200, out);
    }
}
