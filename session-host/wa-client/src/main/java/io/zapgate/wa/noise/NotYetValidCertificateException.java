package io.zapgate.wa.noise;

/** Now is before a certificate's notBefore (whatsmeow {@code checkCertValidity}, checks 6 and 9). */
public final class NotYetValidCertificateException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public NotYetValidCertificateException(String detail) {
        super(detail);
    }
}
