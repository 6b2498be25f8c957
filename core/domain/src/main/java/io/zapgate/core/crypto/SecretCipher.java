package io.zapgate.core.crypto;

/**
 * Port: encrypts configuration secrets (proxy password, S3 secret key, …) for storage at rest. The
 * context (e.g. account/instance/field) is bound to the ciphertext, so a value copied to another row or
 * field does not decrypt. Implementations: {@link AesGcmSecretCipher} (key from configuration); a KMS
 * envelope-encryption adapter can replace it without touching callers.
 */
public interface SecretCipher {
    String encrypt(String plaintext, String context);

    /** @throws SecretCipherException when the value was tampered with or made under another key/context */
    String decrypt(String ciphertext, String context);
}
