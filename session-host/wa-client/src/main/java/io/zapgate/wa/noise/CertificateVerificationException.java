package io.zapgate.wa.noise;

/**
 * The server certificate chain was refused. Each subclass is one check of whatsmeow's {@code verifyServerCert}
 * ({@code handshake.go}); messages read "failed to verify server certificate: &lt;check&gt;".
 */
public abstract class CertificateVerificationException extends NoiseHandshakeException {
    private static final long serialVersionUID = 1L;
    static final String PREFIX = "failed to verify server certificate: ";

    protected CertificateVerificationException(String detail) {
        super(PREFIX + detail);
    }

    protected CertificateVerificationException(String detail, Throwable cause) {
        super(PREFIX + detail, cause);
    }
}
