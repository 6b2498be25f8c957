package io.zapgate.wa.events;

/**
 * Fires on a {@code <stream:error>} that is not a restart (515), a removal of this device (401 with {@code
 * <conflict type="device_removed"/>}), a replaced connection or a 503 (whatsmeow {@code connectionevents.go}
 * {@code handleStreamError}, default branch). This includes a bare 401 and {@code <ack id=…/>} (the server
 * complains that a stanza was not acknowledged). Not a logout: the server closes the stream and the client
 * reconnects as after a drop ({@code Disconnected} follows).
 *
 * @param code the {@code code} attribute, empty if none
 * @param condition the tag of the first child element (e.g. {@code ack}, {@code conflict},
 *     {@code xml-not-well-formed}), with its {@code type} attribute appended after a colon when it has one
 *     ({@code conflict:…}); empty if there is no child
 */
public record StreamError(String code, String condition) implements WaEvent {
    /** Normalises nulls to empty. */
    public StreamError {
        code = code == null ? "" : code;
        condition = condition == null ? "" : condition;
    }

    /** A stream error without a child element. */
    public StreamError(String code) {
        this(code, "");
    }
}
