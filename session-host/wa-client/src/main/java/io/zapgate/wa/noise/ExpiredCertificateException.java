package io.zapgate.wa.noise;

/** Now is after a certificate's notAfter (whatsmeow {@code checkCertValidity}, checks 6 and 9). */
public final class ExpiredCertificateException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public ExpiredCertificateException(String detail) {
        super(detail);
    }
}
