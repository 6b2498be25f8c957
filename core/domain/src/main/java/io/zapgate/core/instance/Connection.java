package io.zapgate.core.instance;

import java.time.Instant;
import java.util.Objects;

/**
 * What `list` shows under `connection`, plus what the session host keeps next to it: the QR code currently
 * on offer (while connecting) and whether a saved session exists (so {@code reconnect} can answer 400
 * without asking the session host).
 */
public record Connection(
        InstanceState state,
        String numberJid,
        String presenceStatus,
        String displayStatus,
        LastDisconnect lastDisconnect,
        String qrCode,
        Instant qrExpiresAt,
        boolean hasSession) {
    public Connection {
        Objects.requireNonNull(state, "state");
    }

    public Connection(
            InstanceState state,
            String numberJid,
            String presenceStatus,
            String displayStatus,
            LastDisconnect lastDisconnect) {
        this(state, numberJid, presenceStatus, displayStatus, lastDisconnect, null, null, false);
    }

    /** A freshly created instance: never linked. */
    public static Connection initial() {
        return new Connection(InstanceState.DISCONNECTED, null, null, null, null, null, null, false);
    }

    /** No QR code or phone number: safe to log. */
    @Override
    public String toString() {
        return "Connection[state=" + state.wire() + ", hasSession=" + hasSession
                + (lastDisconnect == null
                        ? ""
                        : ", lastDisconnect=" + lastDisconnect.reason().wire()) + "]";
    }

    public Connection withState(InstanceState next) {
        return new Connection(
                next, numberJid, presenceStatus, displayStatus, lastDisconnect, qrCode, qrExpiresAt, hasSession);
    }
}
