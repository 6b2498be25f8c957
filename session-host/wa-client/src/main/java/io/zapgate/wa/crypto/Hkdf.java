package io.zapgate.wa.crypto;

import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869), any output length up to 255·32 bytes. Used by the Noise handshake
 * (spec §1.4: salt = ck, empty info, 64 bytes) and the pairing code flow (spec §5.1 step 7).
 * whatsmeow: {@code util/hkdfutil} {@code SHA256}.
 */
public final class Hkdf {
    /** SHA-256 output size (RFC 5869 HashLen). */
    public static final int HASH_LENGTH = 32;

    private static final int MAX_OUTPUT = 255 * HASH_LENGTH;
    private static final String HMAC = "HmacSHA256";

    private Hkdf() {}

    /**
     * Extract-then-expand. A {@code null} or empty salt means HashLen zero bytes (RFC 5869 §2.2); a
     * {@code null} info means empty.
     */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }

    /** RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM). */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        Objects.requireNonNull(ikm, "ikm");
        byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
        return mac(key).doFinal(ikm);
    }

    /** RFC 5869 §2.3: T(1) | T(2) | ... truncated to {@code length}. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        Objects.requireNonNull(prk, "prk");
        if (length < 0 || length > MAX_OUTPUT) {
            throw new IllegalArgumentException("HKDF output length must be 0.." + MAX_OUTPUT + ", got " + length);
        }
        byte[] infoBytes = info == null ? new byte[0] : info;
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        int written = 0;
        for (int counter = 1; written < length; counter++) {
            mac.update(block);
            mac.update(infoBytes);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - written);
            System.arraycopy(block, 0, out, written, n);
            written += n;
        }
        return out;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is mandatory in every JDK", e);
        }
    }
}
