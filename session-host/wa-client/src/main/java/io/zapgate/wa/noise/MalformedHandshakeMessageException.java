package io.zapgate.wa.noise;

/** A handshake frame did not parse or lacked a required part (e.g. "missing parts of handshake response"). */
public final class MalformedHandshakeMessageException extends NoiseHandshakeException {
    private static final long serialVersionUID = 1L;

    public MalformedHandshakeMessageException(String message) {
        super(message);
    }

    public MalformedHandshakeMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
