package io.zapgate.wa.noise;

/** A transport frame failed AES-GCM authentication. The read counter has still advanced (as in whatsmeow). */
public final class FrameDecryptionException extends NoiseException {
    private static final long serialVersionUID = 1L;

    public FrameDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
