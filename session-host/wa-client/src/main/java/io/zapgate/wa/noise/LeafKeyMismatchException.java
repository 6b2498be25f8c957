package io.zapgate.wa.noise;

/**
 * The leaf key is not the server static key proved in the handshake (whatsmeow check 8, constant-time
 * compare).
 */
public final class LeafKeyMismatchException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public LeafKeyMismatchException(String detail) {
        super(detail);
    }
}
