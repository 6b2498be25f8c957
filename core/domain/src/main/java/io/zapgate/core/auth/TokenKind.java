package io.zapgate.core.auth;

/** TokenAccount (an account's master key) or TokenInstance (one instance's key). */
public enum TokenKind {
    ACCOUNT,
    INSTANCE
}
