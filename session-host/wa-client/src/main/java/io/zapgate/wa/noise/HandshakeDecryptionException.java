package io.zapgate.wa.noise;

/** DecryptAndHash of a handshake field (static key, certificate, client payload) failed authentication. */
public final class HandshakeDecryptionException extends NoiseHandshakeException {
    private static final long serialVersionUID = 1L;

    public HandshakeDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
