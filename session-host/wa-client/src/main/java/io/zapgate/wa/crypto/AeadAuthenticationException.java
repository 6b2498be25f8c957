package io.zapgate.wa.crypto;

import java.security.GeneralSecurityException;

/** AES-GCM open failed: wrong key, nonce or AAD, or the ciphertext/tag was tampered with. */
public final class AeadAuthenticationException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public AeadAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
