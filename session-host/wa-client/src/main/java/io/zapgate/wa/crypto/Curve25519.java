package io.zapgate.wa.crypto;

import java.util.Objects;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 (RFC 7748) on raw 32-byte keys, via BouncyCastle's constant-time low-level implementation. */
public final class Curve25519 {
    /** Montgomery key and shared-secret size (RFC 7748 §5; whatsmeow {@code [32]byte}). */
    public static final int KEY_LENGTH = 32;
    /** libsignal's key type prefix "DjbType" (spec §2.4 eKeytype; whatsmeow {@code ecc.DjbType}). */
    public static final byte DJB_TYPE = 0x05;

    private Curve25519() {}

    /** The public key (u-coordinate of k·9) for a 32-byte private scalar; clamping is applied internally. */
    public static byte[] publicFromPrivate(byte[] privateKey) {
        requireKey(privateKey, "private key");
        byte[] pub = new byte[KEY_LENGTH];
        X25519.scalarMultBase(privateKey, 0, pub, 0);
        return pub;
    }

    /**
     * X25519(privateKey, peerPublicKey).
     *
     * @throws KeyAgreementException if the result is all zeros (low-order peer key)
     */
    public static byte[] agree(byte[] privateKey, byte[] peerPublicKey) throws KeyAgreementException {
        requireKey(privateKey, "private key");
        requireKey(peerPublicKey, "peer public key");
        byte[] shared = new byte[KEY_LENGTH];
        if (!X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, shared, 0)) {
            throw new KeyAgreementException("X25519 agreement failed: peer public key is a low-order point");
        }
        return shared;
    }

    /** Accepts a 32-byte key or a 33-byte key with the {@link #DJB_TYPE} prefix; returns the 32 raw bytes. */
    public static byte[] stripKeyType(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == KEY_LENGTH + 1 && key[0] == DJB_TYPE) {
            return java.util.Arrays.copyOfRange(key, 1, key.length);
        }
        requireKey(key, "public key");
        return key.clone();
    }

    static void requireKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + key.length);
        }
    }
}
