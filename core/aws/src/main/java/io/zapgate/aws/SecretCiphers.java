package io.zapgate.aws;

import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipher;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Chooses the secret cipher from configuration: {@code ZAPGATE_KMS_KEY_ID} set → {@link KmsSecretCipher}
 * (envelope encryption under that KMS key; a {@code ZAPGATE_ENCRYPTION_KEY} ring, when also set, still opens
 * the rows it sealed); else the local key ring alone ({@link AesGcmSecretCipher}). Neither set fails start-up.
 */
public final class SecretCiphers {
    private SecretCiphers() {}

    /**
     * @param kmsKeyId {@code ZAPGATE_KMS_KEY_ID}, or null
     * @param keyRing {@code ZAPGATE_ENCRYPTION_KEY}, or null
     * @param kmsEndpoint {@code ZAPGATE_KMS_ENDPOINT} (a local or test KMS), or null for the real one
     */
    public static SecretCipher from(String kmsKeyId, String keyRing, AwsClients.Target target, URI kmsEndpoint) {
        AesGcmSecretCipher ring = keyRing == null ? null : AesGcmSecretCipher.fromText(keyRing);
        if (kmsKeyId == null) {
            if (ring == null) {
                throw new IllegalStateException(
                        "missing configuration: environment variable ZAPGATE_KMS_KEY_ID is not set "
                                + "(a KMS key; or ZAPGATE_ENCRYPTION_KEY, a local key ring, to encrypt stored secrets)");
            }
            return ring;
        }
        // built on the first seal or open: routes that touch no secret never load the KMS client
        return new KmsSecretCipher(LazyClient.kms(() -> kms(target, kmsEndpoint)), kmsKeyId, ring);
    }

    /** A KMS client for {@code target}'s region and credentials, at {@code endpoint} when given. */
    public static KmsClient kms(AwsClients.Target target, URI endpoint) {
        var b = KmsClient.builder()
                .httpClient(AwsClients.http())
                .region(Region.of(target.region()))
                .credentialsProvider(target.credentials());
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        return b.build();
    }
}
