package io.zapgate.wa.noise;

/** An X25519 step of the handshake (ee, es, se) failed because the peer sent a low-order key. */
public final class HandshakeKeyAgreementException extends NoiseHandshakeException {
    private static final long serialVersionUID = 1L;

    public HandshakeKeyAgreementException(String message, Throwable cause) {
        super(message, cause);
    }
}
