package io.zapgate.wa.noise;

/** The intermediate's issuerSerial is not the trusted root's serial, 0 for WhatsApp (whatsmeow check 4). */
public final class IntermediateIssuerSerialException extends CertificateVerificationException {
    private static final long serialVersionUID = 1L;

    public IntermediateIssuerSerialException(String detail) {
        super(detail);
    }
}
