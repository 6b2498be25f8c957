package io.zapgate.wa.events;

/**
 * Fires on a {@code <failure reason=…>} answer to our handshake that is not a logout, ban, outdated client or
 * a retryable server error (500, 503): e.g. 400 generic, 409 bad user agent, 415, 418, 501. No reconnect.
 *
 * @param reason the failure reason code
 * @param message the {@code message} attribute, empty if none
 */
public record ConnectFailure(int reason, String message) implements WaEvent, PermanentDisconnect {
    /** Normalises a null message to empty. */
    public ConnectFailure {
        message = message == null ? "" : message;
    }
}
