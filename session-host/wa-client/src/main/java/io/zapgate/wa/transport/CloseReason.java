package io.zapgate.wa.transport;

import java.util.Objects;

/**
 * Why a connection closed.
 *
 * @param initiator who ended the connection
 * @param statusCode the WebSocket close status code (1006 if the connection dropped without a close frame)
 * @param text the close reason text, possibly empty
 * @param cause the error for {@link Initiator#ERROR}, otherwise {@code null}
 */
public record CloseReason(Initiator initiator, int statusCode, String text, Throwable cause) {

    /** Status used when the TCP connection ended without a WebSocket close frame. */
    public static final int ABNORMAL_CLOSURE = 1006;

    /** Who ended the connection. */
    public enum Initiator {
        /** This side called {@code close()}. */
        LOCAL,
        /** The peer sent a close frame or dropped the connection. */
        REMOTE,
        /** A local error (protocol violation, I/O failure) ended the connection. */
        ERROR
    }

    /** Validates the components. */
    public CloseReason {
        Objects.requireNonNull(initiator, "initiator");
        text = text == null ? "" : text;
    }

    static CloseReason local(int code, String text) {
        return new CloseReason(Initiator.LOCAL, code, text, null);
    }

    static CloseReason remote(int code, String text) {
        return new CloseReason(Initiator.REMOTE, code, text, null);
    }

    static CloseReason error(int code, Throwable cause) {
        return new CloseReason(Initiator.ERROR, code, String.valueOf(cause.getMessage()), cause);
    }
}
