package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipherException;
import io.zapgate.testsupport.MutableClock;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * The envelope and the data-key caching of {@link KmsSecretCipher}, over a counting in-memory KMS (the wire
 * protocol is {@link KmsSecretCipherIT}'s). Blobs are an index into the KMS's table, so only the KMS opens them.
 */
class KmsSecretCipherTest {
    private final CountingKms kms = new CountingKms();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private KmsSecretCipher cipher(long maxUses, int cacheSize) {
        return new KmsSecretCipher(
                kms,
                "alias/zapgate",
                null,
                KmsSecretCipher.DEFAULT_CONTEXT,
                clock,
                Duration.ofMinutes(5),
                maxUses,
                cacheSize);
    }

    @Test
    void sealsAsV3KmsEnvelopeAndOpens() {
        KmsSecretCipher c = cipher(100, 10);
        String sealed = c.encrypt("s3cr3t", "i1/proxy.password");
        assertThat(sealed).startsWith("v3:kms:").doesNotContain("s3cr3t");
        assertThat(sealed.split(":")).hasSize(4);
        assertThat(c.decrypt(sealed, "i1/proxy.password")).isEqualTo("s3cr3t");
        assertThat(kms.requests.getFirst().keySpecAsString()).isEqualTo("AES_256");
        assertThat(kms.requests.getFirst().encryptionContext()).isEqualTo(KmsSecretCipher.DEFAULT_CONTEXT);
    }

    @Test
    void anotherFieldOrInstanceDoesNotOpen() {
        KmsSecretCipher c = cipher(100, 10);
        String sealed = c.encrypt("s3cr3t", "i1/proxy.password");
        assertThatThrownBy(() -> c.decrypt(sealed, "i2/proxy.password")).isInstanceOf(SecretCipherException.class);
        assertThatThrownBy(() -> c.decrypt(sealed, "i1/s3.secretKey")).isInstanceOf(SecretCipherException.class);
    }

    @Test
    void aDataKeySealsAtMostMaxUsesValuesAndForAtMostMaxAge() {
        KmsSecretCipher c = cipher(3, 10);
        for (int n = 0; n < 7; n++) {
            c.encrypt("v" + n, "i/f");
        }
        assertThat(kms.generated).isEqualTo(3);
        clock.advance(Duration.ofMinutes(4));
        c.encrypt("v", "i/f"); // the third key had one use left and is 4 minutes old
        assertThat(kms.generated).isEqualTo(3);
        clock.advance(Duration.ofMinutes(1));
        c.encrypt("v", "i/f");
        assertThat(kms.generated).isEqualTo(4);
    }

    @Test
    void openedDataKeysAreCachedInABoundedLru() {
        KmsSecretCipher writer = cipher(2, 10);
        List<String> values = new ArrayList<>();
        for (int n = 0; n < 6; n++) {
            values.add(writer.encrypt("v" + n, "i/f"));
        }
        assertThat(kms.generated).isEqualTo(3);

        KmsSecretCipher reader = cipher(2, 10); // another process: nothing cached
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n < 6; n++) {
                assertThat(reader.decrypt(values.get(n), "i/f")).isEqualTo("v" + n);
            }
        }
        assertThat(kms.decrypted).isEqualTo(3);

        kms.decrypted = 0;
        KmsSecretCipher small = cipher(2, 1); // room for one key: alternating keys miss every time
        for (int round = 0; round < 2; round++) {
            small.decrypt(values.get(0), "i/f");
            small.decrypt(values.get(2), "i/f");
        }
        assertThat(kms.decrypted).isEqualTo(4);
    }

    @Test
    void theWritersOwnDataKeyOpensWithoutKms() {
        KmsSecretCipher c = cipher(100, 10);
        String sealed = c.encrypt("x", "i/f");
        c.decrypt(sealed, "i/f");
        assertThat(kms.decrypted).isZero();
    }

    @Test
    void localRingValuesOpenThroughTheLegacyCipherOnly() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AesGcmSecretCipher ring = new AesGcmSecretCipher(key);
        String old = ring.encrypt("old", "i/f");
        KmsSecretCipher migrating = new KmsSecretCipher(kms, "k", ring);
        assertThat(migrating.decrypt(old, "i/f")).isEqualTo("old");
        assertThat(migrating.encrypt("new", "i/f")).startsWith("v3:kms:");
        assertThatThrownBy(() -> cipher(1, 1).decrypt(old, "i/f"))
                .isInstanceOf(SecretCipherException.class)
                .hasMessageContaining("ZAPGATE_ENCRYPTION_KEY");
    }

    @Test
    void refusedBlobsAreUnreadableButAnUnreachableKmsIsNot() {
        KmsSecretCipher c = cipher(100, 10);
        String sealed = c.encrypt("x", "i/f");
        kms.failure = KmsException.builder()
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InvalidCiphertextException")
                        .build())
                .build();
        assertThatThrownBy(() -> cipher(100, 10).decrypt(sealed, "i/f")).isInstanceOf(SecretCipherException.class);
        kms.failure = SdkClientException.create("connection refused");
        assertThatThrownBy(() -> cipher(100, 10).decrypt(sealed, "i/f"))
                .isInstanceOf(SdkClientException.class)
                .isNotInstanceOf(SecretCipherException.class);
        assertThatThrownBy(() -> c.decrypt("v3:kms:nocolon", "i/f")).isInstanceOf(SecretCipherException.class);
        assertThatThrownBy(() -> c.decrypt("v3:kms:!!!:AAAA", "i/f")).isInstanceOf(SecretCipherException.class);
    }

    /** A KMS in memory: a blob is the index of the data key it made; counts the calls. */
    private static final class CountingKms implements KmsClient {
        final List<GenerateDataKeyRequest> requests = new ArrayList<>();
        final Map<Integer, byte[]> keys = new HashMap<>();
        int generated;
        int decrypted;
        RuntimeException failure;

        @Override
        public GenerateDataKeyResponse generateDataKey(Consumer<GenerateDataKeyRequest.Builder> r) {
            GenerateDataKeyRequest req =
                    GenerateDataKeyRequest.builder().applyMutation(r).build();
            requests.add(req);
            generated++;
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            keys.put(generated, key);
            return GenerateDataKeyResponse.builder()
                    .plaintext(SdkBytes.fromByteArray(key))
                    .ciphertextBlob(SdkBytes.fromByteArray(
                            ByteBuffer.allocate(4).putInt(generated).array()))
                    .build();
        }

        @Override
        public DecryptResponse decrypt(Consumer<DecryptRequest.Builder> r) {
            DecryptRequest req = DecryptRequest.builder().applyMutation(r).build();
            decrypted++;
            if (failure != null) {
                throw failure;
            }
            assertThat(req.encryptionContext()).isEqualTo(KmsSecretCipher.DEFAULT_CONTEXT);
            int index = ByteBuffer.wrap(req.ciphertextBlob().asByteArray()).getInt();
            return DecryptResponse.builder()
                    .plaintext(SdkBytes.fromByteArray(keys.get(index)))
                    .build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {}
    }
}
