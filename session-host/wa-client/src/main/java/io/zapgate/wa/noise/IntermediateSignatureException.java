package io.zapgate.wa.noise;

/** The intermediate certificate is not signed by the trusted root key (whatsmeow check 3). */
public final class IntermediateSignatureException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public IntermediateSignatureException(String detail) {
        super(detail);
    }
}
