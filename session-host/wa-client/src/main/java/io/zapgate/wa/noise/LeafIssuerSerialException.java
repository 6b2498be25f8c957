package io.zapgate.wa.noise;

/** The leaf's issuerSerial is not the intermediate's serial (whatsmeow check 7). */
public final class LeafIssuerSerialException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public LeafIssuerSerialException(String detail) {
        super(detail);
    }
}
