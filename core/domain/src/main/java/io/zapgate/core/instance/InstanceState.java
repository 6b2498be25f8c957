package io.zapgate.core.instance;

import java.util.Locale;

/** The one state enum of an instance, as every route and event shows it (lower-case on the wire). */
public enum InstanceState {
    /** Created, or the session was closed without a logout. */
    DISCONNECTED,
    /** A socket is opening: waiting for a QR scan, a pairing code or a login. */
    CONNECTING,
    CONNECTED,
    /** Unlinked from the phone or logged out by the API; the saved session is wiped. */
    LOGGEDOUT,
    /** WhatsApp refused the account; see {@link LastDisconnect#bannedUntil()} for a temporary ban. */
    BANNED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static InstanceState fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
