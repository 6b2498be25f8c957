package io.zapgate.core.instance;

import java.time.Instant;
import java.util.Objects;

/** The last end of a session: reason, WhatsApp's code if any, when, and the end of a temporary ban. */
public record LastDisconnect(DisconnectReason reason, Integer code, Instant at, Instant bannedUntil) {
    public LastDisconnect {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
