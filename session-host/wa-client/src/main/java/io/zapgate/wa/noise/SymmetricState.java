package io.zapgate.wa.noise;

import io.zapgate.wa.crypto.AeadAuthenticationException;
import io.zapgate.wa.crypto.AesGcm;
import io.zapgate.wa.crypto.Hkdf;
import io.zapgate.wa.crypto.KeyAgreementException;
import io.zapgate.wa.crypto.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Noise symmetric state with WhatsApp's layout (whatsmeow {@code socket/noisehandshake.go}; Baileys
 * {@code src/Utils/noise-handler.ts}; spec §1.4): h, ck ("salt") and k all start as the 32-byte pattern;
 * MixHash is SHA-256(h || d); MixKey is HKDF(salt = ck, ikm, no info, 64) → (ck, k), counter reset; AEAD is
 * AES-256-GCM with AAD = h and nonce {@link NoiseNonce}. Mutable and not thread-safe: owned by one handshake.
 */
final class SymmetricState {
    private byte[] hash;
    private byte[] chainingKey;
    private byte[] cipherKey;
    private long counter;

    SymmetricState() {
        hash = NoiseConstants.startPattern();
        chainingKey = NoiseConstants.startPattern();
        cipherKey = NoiseConstants.startPattern();
    }

    void mixHash(byte[] data) {
        MessageDigest sha256 = sha256();
        sha256.update(hash);
        sha256.update(data);
        hash = sha256.digest();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[] out = Hkdf.derive(chainingKey, inputKeyMaterial, null, 64);
        chainingKey = Arrays.copyOfRange(out, 0, 32);
        cipherKey = Arrays.copyOfRange(out, 32, 64);
        counter = 0;
        Arrays.fill(out, (byte) 0);
    }

    /** MixKey(DH(local, remote)); {@code step} names the failure, e.g. "failed to mix server ephemeral key in". */
    void mixSharedSecret(KeyPair local, byte[] remotePublic, String step) throws HandshakeKeyAgreementException {
        byte[] shared;
        try {
            shared = local.agree(remotePublic);
        } catch (KeyAgreementException e) {
            throw new HandshakeKeyAgreementException(step + ": " + e.getMessage(), e);
        }
        mixKey(shared);
        Arrays.fill(shared, (byte) 0);
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = AesGcm.seal(cipherKey, NoiseNonce.of(counter++), plaintext, hash);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** Opens with AAD = h, then MixHash(c) only on success (whatsmeow order); the counter advances either way. */
    byte[] decryptAndHash(byte[] ciphertext, String step) throws HandshakeDecryptionException {
        byte[] plaintext;
        try {
            plaintext = AesGcm.open(cipherKey, NoiseNonce.of(counter++), ciphertext, hash);
        } catch (AeadAuthenticationException e) {
            throw new HandshakeDecryptionException(step + ": " + e.getMessage(), e);
        }
        mixHash(ciphertext);
        return plaintext;
    }

    /** Split: HKDF(ck, empty, 64) → (k1, k2); k1 is the initiator's write key (spec §1.4 step 6). */
    byte[][] split() {
        byte[] out = Hkdf.derive(chainingKey, new byte[0], null, 64);
        byte[][] keys = {Arrays.copyOfRange(out, 0, 32), Arrays.copyOfRange(out, 32, 64)};
        Arrays.fill(out, (byte) 0);
        Arrays.fill(chainingKey, (byte) 0);
        Arrays.fill(cipherKey, (byte) 0);
        return keys;
    }

    byte[] hash() {
        return hash.clone();
    }

    byte[] chainingKey() {
        return chainingKey.clone();
    }

    byte[] cipherKey() {
        return cipherKey.clone();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}
