package io.zapgate.wa.noise;

/**
 * The chain or a Details message did not parse, a part is missing, or a signature/key has the wrong length
 * (whatsmeow checks 1, 2, 4, 7).
 */
public final class MalformedCertificateException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public MalformedCertificateException(String detail) {
        super(detail);
    }

    public MalformedCertificateException(String detail, Throwable cause) {
        super(detail, cause);
    }
}
