package io.zapgate.wa.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 12-byte nonce and a 16-byte tag appended to the ciphertext (spec §1.4: "The GCM tag is
 * 16 bytes and is appended"). Stateless; callers own nonce uniqueness.
 */
public final class AesGcm {
    /** AES-256 key size. */
    public static final int KEY_LENGTH = 32;
    /** GCM nonce size used by WhatsApp (spec §1.4 {@code N(n)}: 12 bytes). */
    public static final int NONCE_LENGTH = 12;
    /** GCM tag size (spec §1.3/§1.4: 16 bytes). */
    public static final int TAG_LENGTH = 16;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private AesGcm() {}

    /** Encrypts; returns ciphertext || tag. {@code aad} may be null (no AAD). */
    public static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts ciphertext || tag.
     *
     * @throws AeadAuthenticationException if the tag does not verify or the input is shorter than a tag
     */
    public static byte[] open(byte[] key, byte[] nonce, byte[] ciphertext, byte[] aad)
            throws AeadAuthenticationException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        if (ciphertext.length < TAG_LENGTH) {
            throw new AeadAuthenticationException("ciphertext shorter than the 16-byte GCM tag", null);
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, nonce, aad).doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw new AeadAuthenticationException("AES-GCM authentication tag mismatch", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] aad) throws GeneralSecurityException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes, got " + key.length);
        }
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("GCM nonce must be 12 bytes, got " + nonce.length);
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        if (aad != null && aad.length > 0) {
            cipher.updateAAD(aad);
        }
        return cipher;
    }
}
