package io.zapgate.wa.crypto;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * A one-time Signal pre-key: an id (sent on the wire as 3 bytes BE, spec §2.4/§6.2) and an X25519 key pair.
 * Immutable; {@link #toString()} hides the private key.
 */
public final class PreKey {
    /** Largest id that fits the 3-byte wire encoding (whatsmeow {@code prekeys.go}; spec §2.4 eSkeyID). */
    public static final int MAX_ID = 0xFFFFFF;

    private final int id;
    private final KeyPair keyPair;

    private PreKey(int id, KeyPair keyPair) {
        this.id = checkId(id);
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
    }

    public static PreKey of(int id, KeyPair keyPair) {
        return new PreKey(id, keyPair);
    }

    public static PreKey generate(int id, SecureRandom random) {
        return new PreKey(id, KeyPair.generate(random));
    }

    public static PreKey generate(int id) {
        return generate(id, SecureRandoms.shared());
    }

    static int checkId(int id) {
        if (id < 0 || id > MAX_ID) {
            throw new IllegalArgumentException("pre-key id must be 0.." + MAX_ID + ", got " + id);
        }
        return id;
    }

    /** The id as 3 big-endian bytes (spec §2.4 eSkeyID, §6.2 {@code <id>}). */
    public static byte[] encodeId(int id) {
        checkId(id);
        return new byte[] {(byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
    }

    public int id() {
        return id;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public byte[] idBytes() {
        return encodeId(id);
    }

    @Override
    public String toString() {
        return "PreKey[id=" + id + ", " + keyPair + "]";
    }
}
