package io.zapgate.sessionhost;

import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Builds typed commands for tests from a kind and the argument names the tests were written with. */
public final class TestCommands {
    /** How long a test command lives unless a test says otherwise. */
    public static final Duration LIFETIME = Duration.ofHours(1);

    /** The kinds of command. */
    public enum Type {
        CONNECT,
        RECONNECT,
        LOGOUT,
        DELETE,
        APPLY_SETTINGS,
        ADOPT
    }

    private TestCommands() {}

    /** {@code args}: {@code requestId}, and for a connect {@code number} and {@code historyDays}. */
    public static InstanceCommand of(
            String commandId,
            Type type,
            String accountId,
            String instanceName,
            String instanceId,
            Instant issuedAt,
            Map<String, String> args) {
        CommandHeader h =
                new CommandHeader(commandId, accountId, instanceName, instanceId, issuedAt, issuedAt.plus(LIFETIME));
        String requestId = args.get("requestId");
        return switch (type) {
            case CONNECT ->
                new InstanceCommand.Connect(
                        h, requestId, args.get("number"), Integer.parseInt(args.getOrDefault("historyDays", "0")));
            case RECONNECT -> new InstanceCommand.Reconnect(h, requestId);
            case LOGOUT -> new InstanceCommand.Logout(h, requestId);
            case DELETE -> new InstanceCommand.Delete(h, requestId);
            case APPLY_SETTINGS -> new InstanceCommand.ApplySettings(h);
            case ADOPT -> new InstanceCommand.Adopt(h);
        };
    }

    /** The same command for another instance id (another incarnation of the name). */
    public static InstanceCommand withInstanceId(InstanceCommand c, String instanceId) {
        CommandHeader o = c.header();
        CommandHeader h = new CommandHeader(
                o.commandId(), o.accountId(), o.instanceName(), instanceId, o.issuedAt(), o.expiresAt());
        return switch (c) {
            case InstanceCommand.Connect x -> new InstanceCommand.Connect(h, x.requestId(), x.phone(), x.historyDays());
            case InstanceCommand.Reconnect x -> new InstanceCommand.Reconnect(h, x.requestId());
            case InstanceCommand.Logout x -> new InstanceCommand.Logout(h, x.requestId());
            case InstanceCommand.Delete x -> new InstanceCommand.Delete(h, x.requestId());
            case InstanceCommand.ApplySettings x -> new InstanceCommand.ApplySettings(h);
            case InstanceCommand.Adopt x -> new InstanceCommand.Adopt(h);
        };
    }
}
