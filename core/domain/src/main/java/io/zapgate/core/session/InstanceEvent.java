package io.zapgate.core.session;

import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.InstanceState;
import java.time.Instant;
import java.util.Objects;

/**
 * An {@code instance.state} event: fired on every state change and every QR rotation (state
 * {@code connecting} with the new {@code qrCode}). {@code sequence} orders the events of one instance.
 */
public record InstanceEvent(
        String eventId,
        String accountId,
        String instanceName,
        String instanceId,
        InstanceState state,
        InstanceState previous,
        DisconnectReason reason,
        String qrCode,
        String numberJid,
        long sequence,
        Instant at) {
    public static final String STATE = "instance.state";

    public InstanceEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }

    public String event() {
        return STATE;
    }

    @Override
    public String toString() {
        return "InstanceEvent[" + instanceName + " " + previous + "->" + state + " seq=" + sequence + "]";
    }
}
