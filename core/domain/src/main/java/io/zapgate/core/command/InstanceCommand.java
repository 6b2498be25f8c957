package io.zapgate.core.command;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A command for the session host. {@code commandId} makes redeliveries idempotent; {@code instanceId}
 * keeps a command for a deleted instance from acting on a new one of the same name.
 */
public record InstanceCommand(
        String commandId,
        CommandType type,
        String accountId,
        String instanceName,
        String instanceId,
        Instant issuedAt,
        Map<String, String> args) {
    public InstanceCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        args = args == null ? Map.of() : Map.copyOf(args);
    }

    /** Argument names only (a phone number may be among the values): safe to log. */
    @Override
    public String toString() {
        return "InstanceCommand[" + type + " " + instanceName + " id=" + commandId + " args=" + args.keySet() + "]";
    }

    /** The ordering key: commands for one instance run one after another. */
    public String groupKey() {
        return accountId + "/" + instanceName;
    }
}
