package io.zapgate.wa.noise;

/** The leaf certificate is not signed by the intermediate's key (whatsmeow check 5). */
public final class LeafSignatureException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public LeafSignatureException(String detail) {
        super(detail);
    }
}
