package io.zapgate.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.command.InstanceCommand.Adopt;
import io.zapgate.core.command.InstanceCommand.ApplySettings;
import io.zapgate.core.command.InstanceCommand.Connect;
import io.zapgate.core.command.InstanceCommand.Delete;
import io.zapgate.core.command.InstanceCommand.Logout;
import io.zapgate.core.command.InstanceCommand.Reconnect;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON body of a command message, and the only code that knows its keys. Versioned with {@code v} so
 * hosts can refuse what they don't know:
 *
 * <pre>{"v":1, "commandId", "type":"CONNECT|RECONNECT|LOGOUT|DELETE|APPLY_SETTINGS|ADOPT", "accountId",
 *  "instanceName", "instanceId", "issuedAt", "expiresAt", "args":{"requestId", "number", "historyDays"}}</pre>
 *
 * <p>{@code expiresAt} was added without a version change: a message of the previous release has none, and
 * gets {@code issuedAt} plus {@link #LEGACY_LIFETIME} (or the settings/delete lifetime), generous enough
 * never to drop one the API still waits for. Older messages also named the history argument {@code history}.
 *
 * <p>{@code ADOPT} (no arguments) is sent by a stopping session host, not by the API; a host of an earlier
 * release drops it as malformed, and its orphan sweep adopts the instance as before.
 */
public final class CommandCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int VERSION = 1;
    /** The expiry given to a connect, reconnect or logout queued by a release that sent none. */
    static final Duration LEGACY_LIFETIME = Duration.ofMinutes(2);

    private CommandCodec() {}

    public static String encode(InstanceCommand c) {
        CommandHeader h = c.header();
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION)
                .put("commandId", h.commandId())
                .put("type", type(c))
                .put("accountId", h.accountId())
                .put("instanceName", h.instanceName())
                .put("instanceId", h.instanceId())
                .put("issuedAt", h.issuedAt().toString())
                .put("expiresAt", h.expiresAt().toString());
        ObjectNode args = n.putObject("args");
        if (c.requestId() != null) {
            args.put("requestId", c.requestId());
        }
        if (c instanceof Connect connect) {
            if (connect.phone() != null) {
                args.put("number", connect.phone());
            }
            if (connect.historyDays() > 0) {
                args.put("historyDays", Integer.toString(connect.historyDays()));
            }
        }
        return n.toString();
    }

    private static String type(InstanceCommand c) {
        return switch (c) {
            case Connect x -> "CONNECT";
            case Reconnect x -> "RECONNECT";
            case Logout x -> "LOGOUT";
            case Delete x -> "DELETE";
            case ApplySettings x -> "APPLY_SETTINGS";
            case Adopt x -> "ADOPT";
        };
    }

    /** @throws IllegalArgumentException for a body that is not a command of a known version and type */
    public static InstanceCommand decode(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.path("v").asInt() != VERSION) {
                throw new IllegalArgumentException("unknown command version");
            }
            String type = text(n, "type");
            Instant issuedAt = Instant.parse(required(n, "issuedAt"));
            String expires = text(n, "expiresAt");
            Instant expiresAt = expires != null ? Instant.parse(expires) : issuedAt.plus(legacyLifetime(type));
            CommandHeader h = new CommandHeader(
                    required(n, "commandId"),
                    required(n, "accountId"),
                    required(n, "instanceName"),
                    required(n, "instanceId"),
                    issuedAt,
                    expiresAt);
            JsonNode args = n.path("args");
            String requestId = text(args, "requestId");
            return switch (type == null ? "" : type) {
                case "CONNECT" -> new Connect(h, requestId, text(args, "number"), historyDays(args));
                case "RECONNECT" -> new Reconnect(h, requestId);
                case "LOGOUT" -> new Logout(h, requestId);
                case "DELETE" -> new Delete(h, requestId);
                case "APPLY_SETTINGS" -> new ApplySettings(h);
                case "ADOPT" -> new Adopt(h);
                default -> throw new IllegalArgumentException("unknown command type " + type);
            };
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a command: " + e.getMessage(), e);
        }
    }

    private static Duration legacyLifetime(String type) {
        return switch (type == null ? "" : type) {
            case "DELETE" -> InstanceCommand.DELETE_LIFETIME;
            case "APPLY_SETTINGS" -> InstanceCommand.SETTINGS_LIFETIME;
            case "ADOPT" -> InstanceCommand.ADOPT_LIFETIME;
            default -> LEGACY_LIFETIME;
        };
    }

    /** {@code historyDays} (or the older {@code history}); missing or malformed: 0. */
    private static int historyDays(JsonNode args) {
        String raw = text(args, "historyDays");
        if (raw == null) {
            raw = text(args, "history");
        }
        if (raw == null) {
            return 0;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String required(JsonNode n, String key) {
        String v = text(n, key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return v;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
