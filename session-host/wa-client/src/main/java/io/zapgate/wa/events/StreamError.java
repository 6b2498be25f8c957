package io.zapgate.wa.events;

/**
 * Fires on a {@code <stream:error>} the client has no specific handling for; the server closes the stream and
 * the client reconnects as after a drop.
 *
 * @param code the {@code code} attribute, empty if none
 */
public record StreamError(String code) implements WaEvent {
    /** Normalises a null code to empty. */
    public StreamError {
        code = code == null ? "" : code;
    }
}
