package io.zapgate.wa.client;

/**
 * An IQ request failed: the server answered {@code type="error"} ({@link #code()} and {@link #text()} from its
 * {@code <error>} child), the answer did not come in time ({@link #isTimeout()}), or the connection closed
 * first ({@link #isDisconnected()}).
 */
public final class IqException extends Exception {
    private final int code;
    private final String text;
    private final Kind kind;

    /** What went wrong. */
    public enum Kind {
        ERROR_RESPONSE,
        TIMEOUT,
        DISCONNECTED
    }

    IqException(Kind kind, int code, String text) {
        super(kind + (kind == Kind.ERROR_RESPONSE ? " " + code + " " + text : ""));
        this.kind = kind;
        this.code = code;
        this.text = text == null ? "" : text;
    }

    /** @return what went wrong */
    public Kind kind() {
        return kind;
    }

    /** @return the server's error code, 0 unless {@link Kind#ERROR_RESPONSE} */
    public int code() {
        return code;
    }

    /** @return the server's error text, empty unless {@link Kind#ERROR_RESPONSE} */
    public String text() {
        return text;
    }

    /** @return whether no answer came before the deadline */
    public boolean isTimeout() {
        return kind == Kind.TIMEOUT;
    }

    /** @return whether the connection closed before the answer */
    public boolean isDisconnected() {
        return kind == Kind.DISCONNECTED;
    }
}
