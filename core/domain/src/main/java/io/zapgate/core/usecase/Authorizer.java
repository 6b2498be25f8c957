package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenKind;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.port.TokenRepository;

/** Resolves a presented token to a principal and checks it may use a route. One token lookup per request. */
public final class Authorizer {
    private final TokenRepository tokens;

    public Authorizer(TokenRepository tokens) {
        this.tokens = tokens;
    }

    /** 401 {@value Messages#MISSING_TOKEN} without a token, 401 {@value Messages#INVALID_TOKEN} if unknown. */
    public Principal authenticate(String presentedToken) {
        if (presentedToken == null || presentedToken.isBlank()) {
            throw ZapgateException.unauthorized(Messages.MISSING_TOKEN);
        }
        return principalOf(tokens.lookup(TokenHash.of(presentedToken))
                .orElseThrow(() -> ZapgateException.unauthorized(Messages.INVALID_TOKEN)));
    }

    /** Who a token record stands for. */
    public static Principal principalOf(TokenRecord rec) {
        if (rec.kind() == TokenKind.ACCOUNT) {
            return new Principal.Account(rec.accountId());
        }
        return new Principal.Instance(rec.accountId(), rec.instanceName(), rec.instanceId());
    }

    /** Account-only routes: a TokenInstance is an {@value Messages#INVALID_TOKEN} there. */
    public static Principal.Account requireAccount(Principal p) {
        if (p instanceof Principal.Account a) {
            return a;
        }
        throw ZapgateException.unauthorized(Messages.INVALID_TOKEN);
    }

    /** Instance routes: a TokenInstance works only on its own instance. */
    public static void requireAccess(Principal p, String instanceName) {
        if (p instanceof Principal.Instance i && !i.instanceName().equals(instanceName)) {
            throw ZapgateException.unauthorized(Messages.INVALID_INSTANCE_TOKEN);
        }
    }

    /**
     * After loading an instance for a TokenInstance: the token must belong to this very instance, not to a
     * deleted one that had the same name (a stale token record). Else {@value Messages#INVALID_TOKEN}, as for
     * an unknown token.
     */
    public static void requireSameInstance(Principal p, String loadedInstanceId) {
        if (p instanceof Principal.Instance i && !i.instanceId().equals(loadedInstanceId)) {
            throw ZapgateException.unauthorized(Messages.INVALID_TOKEN);
        }
    }
}
