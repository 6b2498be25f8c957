package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.crypto.SecretCipherException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.port.Account;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@link KmsSecretCipher} through the real SDK {@link KmsClient} over HTTP, against {@link FakeKmsServer}
 * (KMS's JSON 1.1 protocol, real AES-GCM key wrapping, encryption context enforced), and the migration of
 * stored rows from the local key ring to KMS on DynamoDB Local.
 */
class KmsSecretCipherIT {
    private final FakeKmsServer server = startServer();
    private final String keyArn = server.createKey("1234abcd-12ab-34cd-56ef-1234567890ab");
    private final KmsClient client = SecretCiphers.kms(
            new AwsClients.Target(FakeKmsServer.REGION, null, null, "AKIDEXAMPLE", "secret"), server.endpoint());

    private static FakeKmsServer startServer() {
        try {
            return FakeKmsServer.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private KmsSecretCipher cipher(Map<String, String> context, SecretCipher legacy) {
        return new KmsSecretCipher(
                client, keyArn, legacy, context, Clock.systemUTC(), Duration.ofMinutes(5), 10_000, 256);
    }

    @Test
    void sealedSecretRoundTripsThroughKms() {
        String sealed = new KmsSecretCipher(client, keyArn, null).encrypt("s3cr3t", "i1/proxy.password");
        assertThat(sealed).startsWith("v3:kms:").doesNotContain("s3cr3t");
        assertThat(server.calls("GenerateDataKey")).isEqualTo(1);
        // another process (nothing cached) opens it with one KMS Decrypt
        assertThat(new KmsSecretCipher(client, keyArn, null).decrypt(sealed, "i1/proxy.password"))
                .isEqualTo("s3cr3t");
        assertThat(server.calls("Decrypt")).isEqualTo(1);
    }

    @Test
    void wrongContextIsRefused() {
        String sealed = cipher(KmsSecretCipher.DEFAULT_CONTEXT, null).encrypt("s3cr3t", "i1/proxy.password");
        // the value's own context (AES-GCM associated data)
        assertThatThrownBy(() -> cipher(KmsSecretCipher.DEFAULT_CONTEXT, null).decrypt(sealed, "i2/proxy.password"))
                .isInstanceOf(SecretCipherException.class);
        // the data key's KMS encryption context: KMS itself refuses the blob
        assertThatThrownBy(
                        () -> cipher(Map.of("zapgate:purpose", "other"), null).decrypt(sealed, "i1/proxy.password"))
                .isInstanceOf(SecretCipherException.class)
                .hasMessageContaining("InvalidCiphertextException");
        assertThat(server.calls("Decrypt")).as("one per fresh cipher").isEqualTo(2);
    }

    @Test
    void tamperedDataKeyAndDisabledKeyAreUnreadable() {
        String sealed = cipher(KmsSecretCipher.DEFAULT_CONTEXT, null).encrypt("s3cr3t", "i/f");
        String[] parts = sealed.split(":");
        byte[] blob = Base64.getDecoder().decode(parts[2]);
        blob[blob.length - 1] ^= 1;
        String tampered = "v3:kms:" + Base64.getEncoder().encodeToString(blob) + ":" + parts[3];
        assertThatThrownBy(() -> cipher(KmsSecretCipher.DEFAULT_CONTEXT, null).decrypt(tampered, "i/f"))
                .isInstanceOf(SecretCipherException.class)
                .hasMessageContaining("InvalidCiphertextException");
        server.disable(keyArn);
        assertThatThrownBy(() -> cipher(KmsSecretCipher.DEFAULT_CONTEXT, null).decrypt(sealed, "i/f"))
                .isInstanceOf(SecretCipherException.class)
                .hasMessageContaining("DisabledException");
    }

    @Test
    void cacheBoundsKmsCalls() {
        KmsSecretCipher writer = cipher(KmsSecretCipher.DEFAULT_CONTEXT, null);
        String[] values = new String[50];
        for (int n = 0; n < values.length; n++) {
            values[n] = writer.encrypt("secret-" + n, "i" + n + "/webhook.authorization");
        }
        assertThat(server.calls("GenerateDataKey")).isEqualTo(1);
        KmsSecretCipher reader = cipher(KmsSecretCipher.DEFAULT_CONTEXT, null);
        for (int round = 0; round < 3; round++) {
            for (int n = 0; n < values.length; n++) {
                assertThat(reader.decrypt(values[n], "i" + n + "/webhook.authorization"))
                        .isEqualTo("secret-" + n);
            }
        }
        assertThat(server.calls("Decrypt")).isEqualTo(1);
    }

    @Test
    void unreachableKmsIsAnErrorNotAnUnreadableSecret() {
        String sealed = cipher(KmsSecretCipher.DEFAULT_CONTEXT, null).encrypt("s3cr3t", "i/f");
        server.close();
        KmsSecretCipher fresh = cipher(KmsSecretCipher.DEFAULT_CONTEXT, null);
        assertThatThrownBy(() -> fresh.decrypt(sealed, "i/f"))
                .isInstanceOf(SdkClientException.class)
                .isNotInstanceOf(SecretCipherException.class);
    }

    @Test
    void rotationFromTheLocalKeyRingToKmsKeepsOldRowsReadable() {
        AwsIntegration aws = AwsIntegration.get();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        AesGcmSecretCipher ring = new AesGcmSecretCipher(key);
        Account a = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(a, Samples.accountToken(a));
        Instance i = Samples.fullInstance(a, "rotating-kms");
        new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), ring).create(i, Samples.tokenOf(i));
        assertThat(proxyPassword(aws, a)).startsWith("v2:");

        // the new release: KMS seals, the old ring still opens
        DynamoDbInstanceRepository migrated =
                new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), new KmsSecretCipher(client, keyArn, ring));
        Instance read = migrated.find(i.key()).orElseThrow();
        assertThat(read.proxy().password()).isEqualTo("s3cr3t");
        assertThat(read.webhook().authorization()).isEqualTo("Bearer xyz");
        assertThat(read.chatwoot().apiToken()).isEqualTo("cw-token");

        ProxySettings p = read.proxy();
        migrated.updateProxy(
                read, new ProxySettings(p.enabled(), p.host(), p.port(), p.protocol(), p.username(), "n3w"));
        assertThat(proxyPassword(aws, a)).startsWith("v3:kms:");
        assertThat(migrated.find(i.key()).orElseThrow().proxy().password()).isEqualTo("n3w");

        // without the old ring, a row still sealed by it cannot be read; KMS-sealed ones can
        Instance kmsOnly = new DynamoDbInstanceRepository(
                        aws.dynamo, aws.tables(), new KmsSecretCipher(client, keyArn, null))
                .find(i.key())
                .orElseThrow();
        assertThat(kmsOnly.proxy().password()).isEqualTo("n3w");
    }

    private static String proxyPassword(AwsIntegration aws, Account a) {
        Map<String, AttributeValue> raw = aws.dynamo
                .getItem(b -> b.tableName(aws.tables().instances())
                        .key(Map.of(
                                "accountId",
                                AttributeValue.fromS(a.id()),
                                "name",
                                AttributeValue.fromS("rotating-kms"))))
                .item();
        return raw.get("proxy").m().get("password").s();
    }
}
