package io.zapgate.core.crypto;

/** A stored secret could not be decrypted: wrong key, wrong context, or tampered data. */
public class SecretCipherException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretCipherException(String message, Throwable cause) {
        super(message, cause);
    }
}
