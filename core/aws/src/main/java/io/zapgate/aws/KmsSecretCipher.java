package io.zapgate.aws;

import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.crypto.SecretCipherException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Envelope encryption under an AWS KMS key. A 256-bit data key comes from KMS {@code GenerateDataKey}; values
 * are sealed locally with AES-256-GCM under it (random 96-bit nonce, the context {@code <instanceId>/<field>}
 * as associated data), and the data key travels with each value encrypted by KMS. Stored form:
 *
 * <pre>v3:kms:BASE64(encrypted data key):BASE64(nonce || ciphertext || tag)</pre>
 *
 * <p>The encrypted data key is KMS's own ciphertext blob: it names the KMS key that made it, so a value opens
 * after the configured key id changes (KMS picks the key from the blob; the caller needs {@code kms:Decrypt} on
 * it). Every data key is bound to the {@linkplain #DEFAULT_CONTEXT KMS encryption context}: a blob presented
 * with another context is refused by KMS ({@code InvalidCiphertextException}).
 *
 * <p>Costs and caching: a data key seals at most {@code maxUses} values and for at most {@code maxAge}
 * (defaults {@value #DEFAULT_MAX_USES} values, 5 minutes), then the next write asks KMS for a new one — at most
 * one {@code GenerateDataKey} per process per period while writing. Opened data keys are kept in a bounded LRU
 * ({@code cacheSize} keys, default {@value #DEFAULT_CACHE_SIZE}), so reading the rows of one data key costs one
 * {@code Decrypt} per process while it stays cached. Plaintext data keys live only in this process's memory.
 *
 * <p>Migration: values of the local key ring ({@code v1:}, {@code v2:}) are opened by {@code legacy} when
 * one is given (the {@code ZAPGATE_ENCRYPTION_KEY} ring); new writes are always {@code v3:kms:}.
 *
 * <p>Errors: a blob KMS refuses (tampered, wrong context, a key this role cannot use, disabled or deleted) or a
 * value that does not authenticate is a {@link SecretCipherException} (an unreadable secret). KMS being
 * unreachable or throttling is not: that exception is thrown as is, so callers fail and retry instead of
 * treating a readable secret as unreadable.
 */
public final class KmsSecretCipher implements SecretCipher {
    /** The KMS encryption context every data key is bound to. */
    public static final Map<String, String> DEFAULT_CONTEXT = Map.of("zapgate:purpose", "instance-secrets");

    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(5);
    public static final long DEFAULT_MAX_USES = 10_000;
    public static final int DEFAULT_CACHE_SIZE = 256;

    static final String PREFIX = "v3:kms:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** KMS error codes meaning "this blob will never open here", as opposed to a transient failure. */
    private static final Set<String> UNREADABLE = Set.of(
            "InvalidCiphertextException",
            "IncorrectKeyException",
            "AccessDeniedException",
            "NotFoundException",
            "DisabledException",
            "KMSInvalidStateException",
            "InvalidKeyUsageException",
            "KeyUnavailableException");

    private final KmsClient kms;
    private final String keyId;
    private final SecretCipher legacy;
    private final Map<String, String> context;
    private final Clock clock;
    private final Duration maxAge;
    private final long maxUses;
    private final Map<String, SecretKeySpec> opened;

    private DataKey current;

    /**
     * With the default context, lifetimes and cache size.
     *
     * @param keyId the KMS key that makes data keys: id, ARN, alias name or alias ARN
     * @param legacy opens {@code v1:}/{@code v2:} values of the local key ring; null when there is none
     */
    public KmsSecretCipher(KmsClient kms, String keyId, SecretCipher legacy) {
        this(
                kms,
                keyId,
                legacy,
                DEFAULT_CONTEXT,
                Clock.systemUTC(),
                DEFAULT_MAX_AGE,
                DEFAULT_MAX_USES,
                DEFAULT_CACHE_SIZE);
    }

    /** Everything explicit (tests, tuning). */
    public KmsSecretCipher(
            KmsClient kms,
            String keyId,
            SecretCipher legacy,
            Map<String, String> context,
            Clock clock,
            Duration maxAge,
            long maxUses,
            int cacheSize) {
        this.kms = Objects.requireNonNull(kms, "kms");
        if (keyId == null || keyId.isBlank()) {
            throw new IllegalArgumentException("the KMS key id is empty");
        }
        if (maxUses < 1 || cacheSize < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("data key lifetime and cache size must be positive");
        }
        this.keyId = keyId;
        this.legacy = legacy;
        this.context = Map.copyOf(context);
        this.clock = clock;
        this.maxAge = maxAge;
        this.maxUses = maxUses;
        this.opened = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SecretKeySpec> eldest) {
                return size() > cacheSize;
            }
        };
    }

    @Override
    public String encrypt(String plaintext, String aad) {
        DataKey key = sealingKey();
        byte[] nonce = new byte[NONCE_BYTES];
        // a fresh generator per value: no random state is captured in a SnapStart snapshot
        new SecureRandom().nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + key.blob() + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public String decrypt(String stored, String aad) {
        if (!stored.startsWith(PREFIX)) {
            if (legacy == null) {
                throw new SecretCipherException(
                        "secret was sealed with a local key ring (not KMS), and ZAPGATE_ENCRYPTION_KEY is not set (re-seal it with ./zapgate reseal, docs/operations.md)",
                        null);
            }
            return legacy.decrypt(stored, aad);
        }
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new SecretCipherException("unknown secret format", null);
        }
        String blob = stored.substring(PREFIX.length(), colon);
        byte[] all = bytes(stored.substring(colon + 1));
        SecretKeySpec key = dataKey(blob);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("secret could not be decrypted (wrong context, or tampered)", e);
        }
    }

    /** The data key that seals now: the cached one while young and not used up, else a new one from KMS. */
    private synchronized DataKey sealingKey() {
        Instant now = clock.instant();
        if (current == null
                || current.uses() >= maxUses
                || !now.isBefore(current.madeAt().plus(maxAge))) {
            GenerateDataKeyResponse r = kms.generateDataKey(
                    b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context));
            SecretKeySpec key = new SecretKeySpec(r.plaintext().asByteArray(), "AES");
            String blob = Base64.getEncoder().encodeToString(r.ciphertextBlob().asByteArray());
            current = new DataKey(key, blob, now, 0);
            opened.put(blob, key);
        }
        current = current.used();
        return current;
    }

    /** The plaintext of a data key: from the LRU, else one KMS {@code Decrypt}. */
    private SecretKeySpec dataKey(String blob) {
        synchronized (this) {
            SecretKeySpec cached = opened.get(blob);
            if (cached != null) {
                return cached;
            }
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(blob);
        } catch (IllegalArgumentException e) {
            throw new SecretCipherException("encrypted data key is not base64", e);
        }
        DecryptResponse r;
        try {
            r = kms.decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(raw)).encryptionContext(context));
        } catch (KmsException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (code != null && UNREADABLE.contains(code)) {
                throw new SecretCipherException("KMS refused to decrypt the data key: " + code, e);
            }
            throw e;
        }
        SecretKeySpec key = new SecretKeySpec(r.plaintext().asByteArray(), "AES");
        synchronized (this) {
            opened.put(blob, key);
        }
        return key;
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

    /** The KMS key id new data keys are made under. */
    public String keyId() {
        return keyId;
    }

    private record DataKey(SecretKeySpec key, String blob, Instant madeAt, long uses) {
        DataKey used() {
            return new DataKey(key, blob, madeAt, uses + 1);
        }
    }
}
