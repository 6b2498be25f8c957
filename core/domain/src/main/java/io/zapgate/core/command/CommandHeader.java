package io.zapgate.core.command;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What every {@link InstanceCommand} carries: who it is for, when it was issued and until when it matters. */
public record CommandHeader(
        String commandId,
        String accountId,
        String instanceName,
        String instanceId,
        Instant issuedAt,
        Instant expiresAt) {
    public CommandHeader {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new command id, issued at {@code now}, expiring {@code lifetime} later. */
    public static CommandHeader issue(
            String accountId, String instanceName, String instanceId, Instant now, Duration lifetime) {
        return new CommandHeader(
                UUID.randomUUID().toString(), accountId, instanceName, instanceId, now, now.plus(lifetime));
    }

    @Override
    public String toString() {
        return instanceName + " id=" + commandId;
    }
}
