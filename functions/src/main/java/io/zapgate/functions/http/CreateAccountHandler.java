package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.usecase.AuthGate;
import io.zapgate.core.usecase.CreateAccount;
import io.zapgate.functions.support.Services;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * {@code POST /api/admin/accounts}: an operator creates an account and receives its TokenAccount once.
 * Guarded by the deploy-time secret in header {@code x-admin-secret}; off when no secret is configured.
 */
public final class CreateAccountHandler extends ApiHandler {
    private static final Set<String> FIELDS = Set.of("name", "instanceQuota", "token");

    public CreateAccountHandler() {
        this(Services.fromEnvironment());
    }

    public CreateAccountHandler(Services services) {
        super(services, RateLimitClass.CREATE);
    }

    /** Rate limited per client address, then the admin secret is checked; no token is involved. */
    @Override
    protected AuthGate.Admission admit(ApiRequest request) {
        RateLimitDecision limit = services.rateLimiter.acquire(
                "admin:" + request.clientAddress(services.behindCloudFront()), rateLimitClass());
        if (!limit.allowed()) {
            return AuthGate.Admission.refused(
                    limit, new ZapgateException(ErrorCode.RATE_LIMITED, Messages.RATE_LIMITED));
        }
        try {
            checkSecret(request);
        } catch (ZapgateException e) {
            return AuthGate.Admission.refused(limit, e);
        }
        return AuthGate.Admission.admitted(limit, null);
    }

    private void checkSecret(ApiRequest request) {
        String given = request.header("x-admin-secret");
        if (services.adminSecret == null) {
            throw ZapgateException.forbidden("Admin route disabled: no admin secret is configured");
        }
        if (given == null || given.isBlank()) {
            throw ZapgateException.unauthorized("Missing admin secret in header");
        }
        if (!MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), services.adminSecret.getBytes(StandardCharsets.UTF_8))) {
            throw ZapgateException.unauthorized("Invalid admin secret");
        }
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal unused) {
        JsonBody body = JsonBody.parse(request.body(), false);
        body.rejectUnknown(FIELDS);
        CreateAccount.Created c = services.createAccount.execute(
                body.string("name"), body.integer("instanceQuota"), body.string("token"));
        ObjectNode out = ApiResponses.success("Account created");
        ObjectNode acc = out.putObject("account");
        acc.put("id", c.account().id());
        acc.put("name", c.account().name());
        acc.put("instanceQuota", c.account().instanceQuota());
        out.put("token", c.token());
        return ApiResponses.json(201, out);
    }
}
