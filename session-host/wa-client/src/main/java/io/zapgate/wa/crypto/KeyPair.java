package io.zapgate.wa.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An X25519 (Curve25519 Montgomery) key pair: 32-byte private scalar, 32-byte public u-coordinate.
 * Immutable; accessors return copies. {@link #toString()} never shows the private key.
 */
public final class KeyPair {
    /** Key size; whatsmeow {@code util/keys/keypair.go} uses {@code [32]byte} for both halves. */
    public static final int KEY_LENGTH = 32;

    private final byte[] privateKey;
    private final byte[] publicKey;

    private KeyPair(byte[] privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Generates a fresh clamped key pair with a shared {@link SecureRandom}. */
    public static KeyPair generate() {
        return generate(SecureRandoms.shared());
    }

    /**
     * Generates a fresh key pair. The private key is clamped exactly like whatsmeow
     * {@code util/keys/keypair.go} {@code NewKeyPair}: {@code p[0] &= 248; p[31] &= 127; p[31] |= 64}.
     */
    public static KeyPair generate(SecureRandom random) {
        byte[] priv = new byte[KEY_LENGTH];
        random.nextBytes(priv);
        return fromPrivateOwned(clamp(priv));
    }

    /**
     * Rebuilds a key pair from a stored private key. The bytes are kept as given (whatsmeow
     * {@code NewKeyPairFromPrivateKey} does not clamp either); X25519 clamps internally.
     */
    public static KeyPair fromPrivate(byte[] privateKey) {
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("private key must be 32 bytes, got " + privateKey.length);
        }
        return fromPrivateOwned(privateKey.clone());
    }

    private static KeyPair fromPrivateOwned(byte[] priv) {
        return new KeyPair(priv, Curve25519.publicFromPrivate(priv));
    }

    /** Returns a clamped copy of a Curve25519 private scalar (RFC 7748 §5 decodeScalar25519). */
    public static byte[] clamp(byte[] privateKey) {
        byte[] k = privateKey.clone();
        k[0] &= (byte) 248;
        k[31] &= (byte) 127;
        k[31] |= (byte) 64;
        return k;
    }

    /** A copy of the 32-byte private key. Handle with care; never log it. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** A copy of the 32-byte public key (Montgomery u, no 0x05 type prefix). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** X25519 agreement of this private key with a peer public key. */
    public byte[] agree(byte[] peerPublicKey) throws KeyAgreementException {
        return Curve25519.agree(privateKey, peerPublicKey);
    }

    /** XEdDSA signature over {@code message} with this key and fresh randomness. */
    public byte[] sign(byte[] message) {
        return XEdDsa.sign(privateKey, message, SecureRandoms.shared());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyPair other && java.security.MessageDigest.isEqual(privateKey, other.privateKey);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "KeyPair[public=" + HexFormat.of().formatHex(publicKey) + ", private=<redacted>]";
    }
}
