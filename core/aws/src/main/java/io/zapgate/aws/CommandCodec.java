package io.zapgate.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.command.CommandType;
import io.zapgate.core.command.InstanceCommand;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON body of a command message; versioned with {@code v} so hosts can refuse what they don't know. */
public final class CommandCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int VERSION = 1;

    private CommandCodec() {}

    public static String encode(InstanceCommand c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION)
                .put("commandId", c.commandId())
                .put("type", c.type().name())
                .put("accountId", c.accountId())
                .put("instanceName", c.instanceName())
                .put("instanceId", c.instanceId())
                .put("issuedAt", c.issuedAt().toString());
        ObjectNode args = n.putObject("args");
        c.args().forEach(args::put);
        return n.toString();
    }

    /** @throws IllegalArgumentException for a body that is not a command of a known version */
    public static InstanceCommand decode(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || n.path("v").asInt() != VERSION) {
                throw new IllegalArgumentException("unknown command version");
            }
            Map<String, String> args = new LinkedHashMap<>();
            n.path("args")
                    .fields()
                    .forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
            return new InstanceCommand(
                    n.path("commandId").asText(),
                    CommandType.valueOf(n.path("type").asText()),
                    n.path("accountId").asText(),
                    n.path("instanceName").asText(),
                    n.path("instanceId").asText(),
                    Instant.parse(n.path("issuedAt").asText()),
                    args);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a command: " + e.getMessage(), e);
        }
    }
}
