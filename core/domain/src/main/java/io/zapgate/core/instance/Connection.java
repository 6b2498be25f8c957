package io.zapgate.core.instance;

import java.util.Objects;

/** What `list` shows under `connection`: the state and what the session host learnt of the link. */
public record Connection(InstanceState state, String numberJid, String presenceStatus, String displayStatus,
                         LastDisconnect lastDisconnect) {
    public Connection {
        Objects.requireNonNull(state, "state");
    }

    /** A freshly created instance: never linked. */
    public static Connection initial() {
        return new Connection(InstanceState.DISCONNECTED, null, null, null, null);
    }
}
