package io.zapgate.core.instance;

import java.util.Locale;

/** Why an instance's last session ended, as `connection.lastDisconnect.reason` shows it. */
public enum DisconnectReason {
    LOGGED_OUT,
    BANNED,
    TEMP_BANNED,
    REPLACED,
    NETWORK,
    QR_TIMEOUT,
    CLIENT_OUTDATED,
    HOST_SHUTDOWN,
    /** The saved session cannot be decrypted with the configured keys (a key left the ring); it is kept. */
    SESSION_UNREADABLE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DisconnectReason fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
