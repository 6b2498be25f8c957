package io.zapgate.wa.binary;

/**
 * Thrown when bytes received from the network are not a well-formed binary node or frame payload
 * (truncated input, unknown tag byte, bad packed digit, invalid JID, too deep, too large after inflating, ...).
 *
 * <p>This is the only exception the decoding entry points ({@link NodeDecoder}, {@link FramePayload#decode})
 * throw for bad input. It is checked on purpose: every caller reading from the wire must decide what a
 * malformed frame means (typically: log and drop the connection).
 */
public final class BinaryParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message describing what was wrong and where. */
    public BinaryParseException(String message) {
        super(message);
    }

    /** Creates the exception with a message and the underlying cause (e.g. a zlib error). */
    public BinaryParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
