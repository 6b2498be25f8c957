package io.zapgate.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.InstanceEvent;
import java.time.Instant;

/**
 * The contract's event envelope {@code {event, data, instanceData}} — what webhooks and the WebSocket stream
 * deliver, and what the event queue carries.
 */
public final class EventCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {}

    public static String encode(InstanceEvent e) {
        ObjectNode root = JSON.createObjectNode();
        root.put("event", e.event());
        root.put("eventId", e.eventId());
        root.put("sequence", e.sequence());
        root.put("at", e.at().toString());
        ObjectNode data = root.putObject("data");
        data.put("state", e.state().wire());
        data.put("previous", e.previous() == null ? null : e.previous().wire());
        if (e.reason() != null) {
            data.put("reason", e.reason().wire());
        }
        if (e.qrCode() != null) {
            data.put("qrCode", e.qrCode());
        }
        ObjectNode inst = root.putObject("instanceData");
        inst.put("instance", e.instanceName());
        inst.put("instanceId", e.instanceId());
        inst.put("accountId", e.accountId());
        inst.put("numberJid", e.numberJid());
        return root.toString();
    }

    /** @throws IllegalArgumentException for anything that is not an encoded event */
    public static InstanceEvent decode(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            JsonNode d = n.path("data");
            JsonNode i = n.path("instanceData");
            return new InstanceEvent(
                    n.path("eventId").asText(),
                    i.path("accountId").asText(),
                    i.path("instance").asText(),
                    i.path("instanceId").asText(),
                    InstanceState.fromWire(d.path("state").asText()),
                    d.hasNonNull("previous")
                            ? InstanceState.fromWire(d.path("previous").asText())
                            : null,
                    d.hasNonNull("reason")
                            ? DisconnectReason.fromWire(d.path("reason").asText())
                            : null,
                    d.hasNonNull("qrCode") ? d.path("qrCode").asText() : null,
                    i.hasNonNull("numberJid") ? i.path("numberJid").asText() : null,
                    n.path("sequence").asLong(),
                    Instant.parse(n.path("at").asText()));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an instance event: " + e.getMessage(), e);
        }
    }
}
