package io.zapgate.wa.crypto;

import java.security.GeneralSecurityException;

/**
 * X25519 agreement produced the all-zero shared secret (the peer key is a low-order point). whatsmeow rejects
 * this too: it calls {@code curve25519.X25519}, which errors on an all-zero output.
 */
public final class KeyAgreementException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public KeyAgreementException(String message) {
        super(message);
    }
}
