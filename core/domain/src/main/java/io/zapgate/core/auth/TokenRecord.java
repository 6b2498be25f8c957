package io.zapgate.core.auth;

import java.util.Objects;

/** What a token's hash resolves to. Instance fields are null for an account token. */
public record TokenRecord(String tokenHash, TokenKind kind, String accountId, String instanceName, String instanceId) {
    public TokenRecord {
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(accountId, "accountId");
        if (kind == TokenKind.INSTANCE) {
            Objects.requireNonNull(instanceName, "instanceName");
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    public static TokenRecord forAccount(String tokenHash, String accountId) {
        return new TokenRecord(tokenHash, TokenKind.ACCOUNT, accountId, null, null);
    }

    public static TokenRecord forInstance(String tokenHash, String accountId, String instanceName, String instanceId) {
        return new TokenRecord(tokenHash, TokenKind.INSTANCE, accountId, instanceName, instanceId);
    }
}
