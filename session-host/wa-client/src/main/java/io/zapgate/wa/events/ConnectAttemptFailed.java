package io.zapgate.wa.events;

import java.util.Objects;

/**
 * Fires when opening a connection failed before the server said anything: the socket or proxy could not be
 * opened, the server's certificate was not trusted, or the Noise handshake failed or timed out. Fires for
 * {@code connect()} calls (whose future also fails) and for background reconnect attempts.
 *
 * @param cause which step failed
 * @param message a human-readable detail (no secrets)
 * @param willRetry whether another attempt is scheduled
 */
public record ConnectAttemptFailed(Cause cause, String message, boolean willRetry) implements WaEvent {
    /** Which step of opening a connection failed. */
    public enum Cause {
        /** TCP, proxy, TLS or WebSocket upgrade failed. */
        TRANSPORT,
        /** The server's Noise certificate chain was rejected (untrusted root, expired, key mismatch). */
        CERTIFICATE,
        /** The Noise handshake failed otherwise, or the server closed during it. */
        HANDSHAKE,
        /** The server did not answer the handshake in time. */
        TIMEOUT
    }

    /** Validates the components. */
    public ConnectAttemptFailed {
        Objects.requireNonNull(cause, "cause");
        message = message == null ? "" : message;
    }
}
