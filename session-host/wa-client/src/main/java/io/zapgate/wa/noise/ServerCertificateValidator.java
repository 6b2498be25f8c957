package io.zapgate.wa.noise;

/**
 * Decides whether the certificate chain a server sent in ServerHello is acceptable for the server static key
 * it proved. The production implementation is {@link CertificateVerifier} (whatsmeow-strict). Tests that
 * replay the spec §1.8 vector (whose certificate is dummy bytes) may pass a lambda instead.
 */
@FunctionalInterface
public interface ServerCertificateValidator {
    /**
     * @param certChain the decrypted ServerHello payload (a serialized {@code CertChain})
     * @param serverStaticPublicKey the decrypted 32-byte server static key
     * @throws CertificateVerificationException naming the check that failed
     */
    void validate(byte[] certChain, byte[] serverStaticPublicKey) throws CertificateVerificationException;
}
