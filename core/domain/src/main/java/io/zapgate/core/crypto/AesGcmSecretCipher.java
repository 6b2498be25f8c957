package io.zapgate.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per value and the context as associated data, over a key ring: the
 * first key seals, every key of the ring opens what it sealed. Stored form: {@code v2:KID:} + base64(nonce ||
 * ciphertext || tag), where KID (8 hex characters) names the key: the first 4 bytes of SHA-256 of
 * {@code "zapgate-key-id:" || key}, so it is derived from the key, never configured, and reveals nothing of it.
 * Values of the first release ({@code v1:}, no key id) are still opened, by trying each key of the ring.
 *
 * <p>Rotation without downtime: configure {@code NEW,OLD} (the new key first) everywhere; new writes are sealed
 * with NEW, existing values still open with OLD. A value is sealed again with NEW whenever its field is written;
 * drop OLD only when no stored value names it any more (docs/operations: key rotation).
 */
public final class AesGcmSecretCipher implements SecretCipher {
    private static final String V1 = "v1:";
    private static final String V2 = "v2:";
    private static final int KID_CHARS = 8;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private final Map<String, SecretKeySpec> ring;
    private final String currentId;

    /** A ring of one key. */
    public AesGcmSecretCipher(byte[] key) {
        this(List.of(key));
    }

    /**
     * A ring: {@code keys.get(0)} seals, all open.
     *
     * @throws IllegalArgumentException when the ring is empty, a key is not 32 bytes or a key repeats
     */
    public AesGcmSecretCipher(List<byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the encryption key ring is empty");
        }
        Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
        for (byte[] key : keys) {
            if (key.length != 32) {
                throw new IllegalArgumentException("the encryption key must be 32 bytes (AES-256), got " + key.length);
            }
            if (byId.put(keyId(key), new SecretKeySpec(key.clone(), "AES")) != null) {
                throw new IllegalArgumentException("the encryption key ring names the same key twice");
            }
        }
        this.ring = byId;
        this.currentId = byId.keySet().iterator().next();
    }

    /**
     * Reads a ring given as comma-separated keys, each base64 (44 characters) or hex (64 characters), the key
     * that seals first: {@code NEW} or {@code NEW,OLD}.
     */
    public static AesGcmSecretCipher fromText(String encoded) {
        List<byte[]> keys = new ArrayList<>();
        for (String part : encoded.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            try {
                keys.add(
                        s.matches("[0-9a-fA-F]{64}")
                                ? HexFormat.of().parseHex(s)
                                : Base64.getDecoder().decode(s));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("an encryption key is neither base64 nor 64 hex characters");
            }
        }
        return new AesGcmSecretCipher(keys);
    }

    /** The id of the key that seals ({@code KID} of the stored form). */
    public String currentKeyId() {
        return currentId;
    }

    /** The ids of every key of the ring, the sealing one first. */
    public List<String> keyIds() {
        return List.copyOf(ring.keySet());
    }

    /** The id a stored value names ({@code v2:}), or empty for a {@code v1:} value or another format. */
    public static String keyIdOf(String stored) {
        if (stored.startsWith(V2)
                && stored.length() > V2.length() + KID_CHARS
                && stored.charAt(V2.length() + KID_CHARS) == ':') {
            return stored.substring(V2.length(), V2.length() + KID_CHARS);
        }
        return "";
    }

    static String keyId(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("zapgate-key-id:".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(key), 0, KID_CHARS / 2);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        // a fresh generator per value: no random state is captured in a SnapStart snapshot (nonce reuse would
        // break GCM)
        new SecureRandom().nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, ring.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return V2 + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public String decrypt(String stored, String context) {
        if (stored.startsWith(V1)) {
            byte[] all = bytes(stored.substring(V1.length()));
            SecretCipherException last = null;
            for (SecretKeySpec key : ring.values()) {
                try {
                    return open(key, all, context);
                } catch (SecretCipherException e) {
                    last = e;
                }
            }
            throw last;
        }
        String kid = keyIdOf(stored);
        if (kid.isEmpty()) {
            throw new SecretCipherException("unknown secret format", null);
        }
        SecretKeySpec key = ring.get(kid);
        if (key == null) {
            throw new SecretCipherException(
                    "secret was sealed with key " + kid + ", which is not in the key ring " + ring.keySet(), null);
        }
        return open(key, bytes(stored.substring(V2.length() + KID_CHARS + 1)), context);
    }

    private static byte[] bytes(String base64) {
        try {
            byte[] all = Base64.getDecoder().decode(base64);
            if (all.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretCipherException("secret too short", null);
            }
            return all;
        } catch (IllegalArgumentException e) {
            throw new SecretCipherException("secret is not base64", e);
        }
    }

    private static String open(SecretKeySpec key, byte[] all, String context) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("secret could not be decrypted (wrong key or context, or tampered)", e);
        }
    }
}
