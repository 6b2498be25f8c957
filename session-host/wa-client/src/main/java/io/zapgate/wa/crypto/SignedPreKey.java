package io.zapgate.wa.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A signed pre-key: id, X25519 key pair, and the identity key's XEdDSA signature over {@code 0x05 || pub}
 * (spec §1.7 "Signed pre-key"; whatsmeow {@code util/keys/keypair.go} {@code CreateSignedPreKey}/{@code Sign}).
 * Immutable.
 */
public final class SignedPreKey {
    private final int id;
    private final KeyPair keyPair;
    private final byte[] signature;

    private SignedPreKey(int id, KeyPair keyPair, byte[] signature) {
        this.id = PreKey.checkId(id);
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        if (signature == null || signature.length != XEdDsa.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signed pre-key signature must be 64 bytes");
        }
        this.signature = signature.clone();
    }

    /** Rebuilds a stored signed pre-key (no verification; call {@link #verify(byte[])} if needed). */
    public static SignedPreKey of(int id, KeyPair keyPair, byte[] signature) {
        return new SignedPreKey(id, keyPair, signature);
    }

    /** Generates a key pair and signs it with {@code identity}. Both libraries use id 1 (spec §2.4). */
    public static SignedPreKey generate(KeyPair identity, int id, SecureRandom random) {
        KeyPair kp = KeyPair.generate(random);
        byte[] sig = XEdDsa.sign(identity.privateKey(), signedMessage(kp.publicKey()), random);
        return new SignedPreKey(id, kp, sig);
    }

    public static SignedPreKey generate(KeyPair identity, int id) {
        return generate(identity, id, SecureRandoms.shared());
    }

    /** The bytes the identity key signs: {@code 0x05 || publicKey} (33 bytes). */
    public static byte[] signedMessage(byte[] publicKey) {
        Curve25519.requireKey(publicKey, "signed pre-key public key");
        byte[] msg = new byte[33];
        msg[0] = Curve25519.DJB_TYPE;
        System.arraycopy(publicKey, 0, msg, 1, 32);
        return msg;
    }

    /** True if the signature verifies against {@code identityPublicKey}. */
    public boolean verify(byte[] identityPublicKey) {
        return XEdDsa.verify(identityPublicKey, signedMessage(keyPair.publicKey()), signature);
    }

    public int id() {
        return id;
    }

    public byte[] idBytes() {
        return PreKey.encodeId(id);
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public String toString() {
        return "SignedPreKey[id=" + id + ", " + keyPair + "]";
    }
}
