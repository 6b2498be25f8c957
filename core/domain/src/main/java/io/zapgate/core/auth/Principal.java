package io.zapgate.core.auth;

/** Who is calling: an account (TokenAccount) or one instance (TokenInstance). */
public sealed interface Principal {
    String accountId();

    /** The caller holds the account's master key. */
    record Account(String accountId) implements Principal {}

    /** The caller holds one instance's token and may act on that instance only. */
    record Instance(String accountId, String instanceName, String instanceId) implements Principal {}
}
