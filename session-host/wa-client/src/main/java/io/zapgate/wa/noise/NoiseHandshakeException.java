package io.zapgate.wa.noise;

/** A handshake step failed; the connection must be closed. */
public abstract class NoiseHandshakeException extends NoiseException {
    private static final long serialVersionUID = 1L;

    protected NoiseHandshakeException(String message) {
        super(message);
    }

    protected NoiseHandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
