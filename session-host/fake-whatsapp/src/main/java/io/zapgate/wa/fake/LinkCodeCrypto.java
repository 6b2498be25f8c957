package io.zapgate.wa.fake;

import io.zapgate.wa.crypto.AeadAuthenticationException;
import io.zapgate.wa.crypto.AesGcm;
import io.zapgate.wa.crypto.Bytes;
import io.zapgate.wa.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pairing-code cryptography (spec §5.1 steps 3 and 7, §5.2): ephemeral keys wrapped as
 * {@code salt(32) || iv(16) || AES-256-CTR(PBKDF2-HMAC-SHA256(code, salt, 131072, 32), iv, pub)}, the GCM key
 * bundle and the adv secret derivation. PBKDF2 is slow by design: never call this on an event loop.
 */
final class LinkCodeCrypto {
    /** 2 << 16 (whatsmeow {@code pair-code.go}). */
    static final int PBKDF2_ITERATIONS = 131_072;

    static final int WRAPPED_LENGTH = 80;
    static final int BUNDLE_LENGTH = 156;
    private static final byte[] BUNDLE_INFO =
            "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADV_INFO = "adv_secret".getBytes(StandardCharsets.US_ASCII);

    private LinkCodeCrypto() {}

    /** The 8-character code as typed: dash and spaces dropped, upper case (spec §5.1 step 1). */
    static String normalizeCode(String code) {
        String normalized = code.replace("-", "").replace(" ", "").strip().toUpperCase(Locale.ROOT);
        if (normalized.length() != 8) {
            throw new FakePairingException("a pairing code has 8 characters, got '" + code + "'");
        }
        return normalized;
    }

    static byte[] wrap(String code, byte[] publicKey, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        return Bytes.concat(salt, iv, ctr(code, salt, iv, publicKey));
    }

    static byte[] unwrap(String code, byte[] wrapped) {
        if (wrapped == null || wrapped.length != WRAPPED_LENGTH) {
            throw new FakePairingException("wrapped ephemeral key must be 80 bytes");
        }
        return ctr(
                code,
                Arrays.copyOfRange(wrapped, 0, 32),
                Arrays.copyOfRange(wrapped, 32, 48),
                Arrays.copyOfRange(wrapped, 48, 80));
    }

    /** Opens {@code bundleSalt(32) || nonce(12) || GCM ciphertext}; returns the 96-byte plaintext. */
    static byte[] openBundle(byte[] ephemeralShared, byte[] wrappedBundle) {
        if (wrappedBundle == null || wrappedBundle.length != BUNDLE_LENGTH) {
            throw new FakePairingException("wrapped key bundle must be 156 bytes");
        }
        byte[] key = Hkdf.derive(Arrays.copyOfRange(wrappedBundle, 0, 32), ephemeralShared, BUNDLE_INFO, 32);
        try {
            return AesGcm.open(
                    key,
                    Arrays.copyOfRange(wrappedBundle, 32, 44),
                    Arrays.copyOfRange(wrappedBundle, 44, wrappedBundle.length),
                    null);
        } catch (AeadAuthenticationException e) {
            throw new FakePairingException("key bundle does not open: wrong pairing code?", e);
        }
    }

    /** {@code HKDF(ephShared || identityShared || advRandom, no salt, "adv_secret", 32)} (spec §5.1 step 7). */
    static byte[] advSecret(byte[] ephemeralShared, byte[] identityShared, byte[] advRandom) {
        return Hkdf.derive(null, Bytes.concat(ephemeralShared, identityShared, advRandom), ADV_INFO, 32);
    }

    private static byte[] ctr(String code, byte[] salt, byte[] iv, byte[] input) {
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] key = factory.generateSecret(new PBEKeySpec(code.toCharArray(), salt, PBKDF2_ITERATIONS, 256))
                    .getEncoded();
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2/AES-CTR unavailable", e);
        }
    }
}
