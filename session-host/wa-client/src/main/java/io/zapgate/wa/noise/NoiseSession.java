package io.zapgate.wa.noise;

import io.zapgate.wa.crypto.AeadAuthenticationException;
import io.zapgate.wa.crypto.AesGcm;
import java.util.Objects;

/**
 * Transport ciphers after the handshake (whatsmeow {@code socket/noisesocket.go}; Baileys
 * {@code TransportState}; spec §1.4 step 6): one AES-256-GCM key per direction, each with its own uint32
 * counter from 0, nonce {@code N(counter)}, empty AAD, 16-byte tag appended.
 *
 * <p>Thread-safety: safe for concurrent use. {@link #encrypt} and {@link #decrypt} each hold their own lock, so
 * one writer and one reader never block each other. Counters are taken and advanced under that lock and are
 * never reused; when one would wrap past 2^32-1, {@link NonceExhaustedException} is thrown instead. Callers
 * must still put frames on the wire in the order {@code encrypt} returned them, and call {@code decrypt} in
 * arrival order. A failed decrypt still consumes its counter (as whatsmeow does: the peer used that nonce).
 */
public final class NoiseSession {
    private final byte[] writeKey;
    private final byte[] readKey;
    private final Object writeLock = new Object();
    private final Object readLock = new Object();
    private long writeCounter;
    private long readCounter;

    private NoiseSession(byte[] writeKey, byte[] readKey) {
        this.writeKey = checkKey(writeKey, "write key");
        this.readKey = checkKey(readKey, "read key");
    }

    /** A session from explicit keys (e.g. for tests or the transport's own vectors). Keys are copied. */
    public static NoiseSession of(byte[] writeKey, byte[] readKey) {
        return new NoiseSession(writeKey.clone(), readKey.clone());
    }

    static NoiseSession adopt(byte[] writeKey, byte[] readKey) {
        return new NoiseSession(writeKey, readKey);
    }

    /** Encrypts one frame payload with the next write nonce; returns ciphertext || tag. */
    public byte[] encrypt(byte[] plaintext) {
        Objects.requireNonNull(plaintext, "plaintext");
        synchronized (writeLock) {
            byte[] nonce = NoiseNonce.of(writeCounter);
            writeCounter++;
            return AesGcm.seal(writeKey, nonce, plaintext, null);
        }
    }

    /**
     * Decrypts one frame payload with the next read nonce.
     *
     * @throws FrameDecryptionException if authentication fails (the counter is consumed anyway)
     */
    public byte[] decrypt(byte[] ciphertext) throws FrameDecryptionException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        synchronized (readLock) {
            long counter = readCounter;
            byte[] nonce = NoiseNonce.of(counter);
            readCounter++;
            try {
                return AesGcm.open(readKey, nonce, ciphertext, null);
            } catch (AeadAuthenticationException e) {
                throw new FrameDecryptionException("failed to decrypt frame #" + counter + ": " + e.getMessage(), e);
            }
        }
    }

    /** Number of frames encrypted so far (= the next write counter). */
    public long framesWritten() {
        synchronized (writeLock) {
            return writeCounter;
        }
    }

    /** Number of frames decrypted or rejected so far (= the next read counter). */
    public long framesRead() {
        synchronized (readLock) {
            return readCounter;
        }
    }

    private static byte[] checkKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length != AesGcm.KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + key.length);
        }
        return key;
    }

    @Override
    public String toString() {
        return "NoiseSession[framesWritten=" + framesWritten() + ", framesRead=" + framesRead() + ", keys=<redacted>]";
    }
}
