package io.zapgate.wa.crypto;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * XEdDSA "curve25519 signatures" exactly as libsignal / whatsmeow make them (Go {@code ecc/SignCurve25519.go}
 * {@code sign}/{@code verify}; spec §1.7): Ed25519 signatures made with an X25519 private key, the Edwards
 * public key's sign bit stored in the top bit of the signature's last byte.
 *
 * <p>Point multiplications are constant-time ({@link EdwardsMath}); the reductions mod L use {@link BigInteger},
 * which is not guaranteed constant-time.
 */
public final class XEdDsa {
    /** Signature size (spec §1.7: R || S, 64 bytes). */
    public static final int SIGNATURE_LENGTH = 64;
    /** Size of the per-signature random input (spec §1.7 "random64"). */
    public static final int RANDOM_LENGTH = 64;

    private XEdDsa() {}

    /** Signs with fresh 64-byte randomness from {@code random}. */
    public static byte[] sign(byte[] privateKey, byte[] message, SecureRandom random) {
        byte[] nonce = new byte[RANDOM_LENGTH];
        random.nextBytes(nonce);
        return sign(privateKey, message, nonce);
    }

    /**
     * Deterministic given {@code random64} (for test vectors):
     * {@code r = SHA512(0xFE || 0xFF*31 || priv || msg || random) mod L}, {@code R = rB},
     * {@code S = r + SHA512(R || A || msg)·a mod L}, {@code sig = R || S}, {@code sig[63] |= A[31] & 0x80}.
     */
    public static byte[] sign(byte[] privateKey, byte[] message, byte[] random64) {
        Curve25519.requireKey(privateKey, "private key");
        Objects.requireNonNull(message, "message");
        if (random64 == null || random64.length != RANDOM_LENGTH) {
            throw new IllegalArgumentException("XEdDSA needs exactly 64 random bytes");
        }
        byte[] scalar = KeyPair.clamp(privateKey);
        byte[] edPublic = EdwardsMath.scalarMultBase(scalar);
        MessageDigest sha512 = sha512();
        sha512.update((byte) 0xFE);
        for (int i = 0; i < 31; i++) {
            sha512.update((byte) 0xFF);
        }
        sha512.update(privateKey);
        sha512.update(message);
        sha512.update(random64);
        BigInteger r = Scalars.reduce(sha512.digest());
        byte[] bigR = EdwardsMath.scalarMultBase(Scalars.toLittleEndian32(r));
        sha512.update(bigR);
        sha512.update(edPublic);
        sha512.update(message);
        BigInteger k = Scalars.reduce(sha512.digest());
        BigInteger s = r.add(k.multiply(Scalars.fromLittleEndian(scalar))).mod(Scalars.L);
        byte[] signature = Arrays.copyOf(bigR, SIGNATURE_LENGTH);
        System.arraycopy(Scalars.toLittleEndian32(s), 0, signature, 32, 32);
        signature[63] |= (byte) (edPublic[31] & 0x80);
        Arrays.fill(scalar, (byte) 0);
        return signature;
    }

    /**
     * Verifies an XEdDSA signature against a Curve25519 public key (32 bytes, or 33 with the 0x05 prefix).
     * Returns {@code false} for any malformed input rather than throwing.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        byte[] u;
        try {
            u = Curve25519.stripKeyType(publicKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] edPublic = EdwardsMath.montgomeryToEdwardsY(u);
        edPublic[31] |= (byte) (signature[63] & 0x80);
        byte[] edSignature = signature.clone();
        edSignature[63] &= 0x7F;
        return Ed25519.verify(edSignature, 0, edPublic, 0, message, 0, message.length);
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is mandatory in every JDK", e);
        }
    }
}
