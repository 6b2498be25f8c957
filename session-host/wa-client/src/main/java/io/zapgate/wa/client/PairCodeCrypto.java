package io.zapgate.wa.client;

import io.zapgate.wa.crypto.AesGcm;
import io.zapgate.wa.crypto.Bytes;
import io.zapgate.wa.crypto.Hkdf;
import io.zapgate.wa.crypto.KeyAgreementException;
import io.zapgate.wa.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cryptography of linking with an 8-character code (spec §5.1; whatsmeow {@code pair-code.go}): the code
 * alphabet, PBKDF2-HMAC-SHA256 (131072 iterations) + AES-256-CTR wrapping of ephemeral keys, and the
 * companion_finish key bundle and adv secret. Pure and slow (PBKDF2): never call it on the I/O thread.
 */
final class PairCodeCrypto {
    /** Base32 alphabet without 0, I, O, U. */
    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

    static final int PBKDF2_ITERATIONS = 2 << 16;
    static final int WRAPPED_LENGTH = 80;
    private static final byte[] BUNDLE_INFO =
            "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ADV_INFO = "adv_secret".getBytes(StandardCharsets.US_ASCII);

    private PairCodeCrypto() {}

    /** The result of the companion's finish step. */
    record Finish(byte[] wrappedBundle, byte[] advSecret) {}

    /** 5 random bytes as 8 symbols of {@link #ALPHABET}, most significant bits first. */
    static String newCode(SecureRandom random) {
        byte[] bytes = new byte[5];
        random.nextBytes(bytes);
        long bits = 0;
        for (byte b : bytes) {
            bits = (bits << 8) | (b & 0xFF);
        }
        char[] out = new char[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new String(out);
    }

    /** {@code ABCDEFGH} → {@code ABCD-EFGH} (display only; the password has no dash). */
    static String display(String code) {
        return code.substring(0, 4) + "-" + code.substring(4);
    }

    /** PBKDF2-HMAC-SHA256(password = code, salt, 131072, 32 bytes). */
    static byte[] codeKey(String code, byte[] salt) {
        try {
            var spec = new PBEKeySpec(code.toCharArray(), salt, PBKDF2_ITERATIONS, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }

    /** AES-256-CTR with the full 16-byte IV as the initial counter block (encrypt = decrypt). */
    static byte[] ctr(byte[] key, byte[] iv, byte[] data) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR unavailable", e);
        }
    }

    /** {@code salt(32) || iv(16) || AES-CTR(PBKDF2(code, salt), iv, publicKey)}, 80 bytes. */
    static byte[] wrap(String code, byte[] publicKey, SecureRandom random) {
        byte[] salt = new byte[32];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        return Bytes.concat(salt, iv, ctr(codeKey(code, salt), iv, publicKey));
    }

    /** Inverse of {@link #wrap}: the 32-byte key from the first 80 bytes of {@code wrapped}. */
    static byte[] unwrap(String code, byte[] wrapped) {
        if (wrapped.length < WRAPPED_LENGTH) {
            throw new IllegalArgumentException("wrapped key too short: " + wrapped.length);
        }
        byte[] salt = Arrays.copyOfRange(wrapped, 0, 32);
        byte[] iv = Arrays.copyOfRange(wrapped, 32, 48);
        return ctr(codeKey(code, salt), iv, Arrays.copyOfRange(wrapped, 48, 80));
    }

    /**
     * Spec §5.1 step 7: the encrypted key bundle for companion_finish and the new adv secret.
     *
     * @param companionEphemeral our ephemeral {@code E_c}
     * @param identity our identity key pair
     * @param primaryIdentity the phone's identity public key {@code P.pub}
     * @param primaryEphemeral the phone's unwrapped ephemeral public key {@code E_p.pub}
     */
    static Finish finish(
            KeyPair companionEphemeral,
            KeyPair identity,
            byte[] primaryIdentity,
            byte[] primaryEphemeral,
            SecureRandom random)
            throws KeyAgreementException {
        byte[] ephShared = companionEphemeral.agree(primaryEphemeral);
        byte[] advRandom = new byte[32];
        byte[] bundleSalt = new byte[32];
        byte[] bundleNonce = new byte[AesGcm.NONCE_LENGTH];
        random.nextBytes(advRandom);
        random.nextBytes(bundleSalt);
        random.nextBytes(bundleNonce);
        byte[] bundleKey = Hkdf.derive(bundleSalt, ephShared, BUNDLE_INFO, 32);
        byte[] plaintext = Bytes.concat(identity.publicKey(), primaryIdentity, advRandom);
        byte[] bundle = AesGcm.seal(bundleKey, bundleNonce, plaintext, new byte[0]);
        byte[] identityShared = identity.agree(primaryIdentity);
        byte[] adv = advSecret(ephShared, identityShared, advRandom);
        return new Finish(Bytes.concat(bundleSalt, bundleNonce, bundle), adv);
    }

    /** HKDF-SHA256(ephShared || identityShared || advRandom, no salt, "adv_secret", 32). */
    static byte[] advSecret(byte[] ephShared, byte[] identityShared, byte[] advRandom) {
        return Hkdf.derive(null, Bytes.concat(ephShared, identityShared, advRandom), ADV_INFO, 32);
    }
}
