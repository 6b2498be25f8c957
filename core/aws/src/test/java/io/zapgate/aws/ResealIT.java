package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The offline re-seal sweep ({@link Reseal}) on DynamoDB Local (fresh tables from template.yaml) with the real SDK
 * KMS client against {@link FakeKmsServer}: rows sealed by the former key ring become KMS envelopes that open
 * without the ring, a value written concurrently is not overwritten, a dry run and a second run change nothing,
 * a value no key opens is left as it is.
 */
class ResealIT {
    private final ResealFixture f = new ResealFixture();
    private final AwsIntegration aws = f.aws;
    private final TableNames tables = f.tables;
    private final String sessions = f.sessions;
    private final AesGcmSecretCipher ring = f.ring;
    private final KmsClient client = f.client;
    private final String keyArn = f.keyArn;

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void ringSealedRowsBecomeKmsEnvelopesWithoutLosingAConcurrentWrite() {
        Account a = Samples.account(9);
        new DynamoDbAccountRepository(aws.dynamo, tables).create(a, Samples.accountToken(a));
        DynamoDbInstanceRepository old = new DynamoDbInstanceRepository(aws.dynamo, tables, ring);
        Instance one = Samples.fullInstance(a, "one");
        Instance two = Samples.fullInstance(a, "two");
        old.create(one, Samples.tokenOf(one));
        old.create(two, Samples.tokenOf(two));
        f.putSession(
                one.id(),
                ring.encrypt("device-bytes", one.id() + "/device"),
                ring.encrypt("pre-keys", one.id() + "/preKeys"));
        // a value sealed by a key that is not in the ring: unreadable, left as it is
        String lost = new AesGcmSecretCipher(ResealFixture.randomKey()).encrypt("gone", "orphan/device");
        f.putSession("orphan", lost, null);
        assertThat(f.rawProxyPassword(one)).startsWith("v2:");

        // the stack writes two's proxy password (sealed by KMS) between the sweep's read and its write
        KmsSecretCipher kms = new KmsSecretCipher(client, keyArn, ring);
        String twoContext = two.id() + "/proxy.password";
        String newer = new KmsSecretCipher(client, keyArn, null).encrypt("newer", twoContext);
        SecretCipher racing = new SecretCipher() {
            @Override
            public String encrypt(String plaintext, String context) {
                return kms.encrypt(plaintext, context);
            }

            @Override
            public String decrypt(String ciphertext, String context) {
                if (context.equals(twoContext)) {
                    aws.dynamo.updateItem(b -> b.tableName(tables.instances())
                            .key(ResealFixture.key(two))
                            .updateExpression("SET proxy.password = :p")
                            .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(newer))));
                }
                return kms.decrypt(ciphertext, context);
            }
        };

        Map<String, Map<String, AttributeValue>> before = f.snapshot();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reseal.Counts dry = new Reseal(aws.dynamo, kms, Reseal.currentFormat(kms), true, ResealFixture.print(out))
                .instances(tables.instances());
        assertThat(dry.resealed()).isEqualTo(10);
        assertThat(f.snapshot()).as("a dry run writes nothing").isEqualTo(before);

        Reseal sweep = new Reseal(aws.dynamo, racing, Reseal.currentFormat(kms), false, ResealFixture.print(out));
        Reseal.Counts instances = sweep.instances(tables.instances());
        Reseal.Counts saved = sweep.sessions(sessions);
        assertThat(instances).isEqualTo(new Reseal.Counts(2, 10, 9, 0, 1, 0));
        assertThat(saved).isEqualTo(new Reseal.Counts(2, 3, 2, 0, 0, 1));
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("resealed=9")
                .contains("unreadable orphan/device")
                .doesNotContain("s3cr3t");

        // every value is a KMS envelope now and opens without the ring
        KmsSecretCipher kmsOnly = new KmsSecretCipher(client, keyArn, null);
        DynamoDbInstanceRepository migrated = new DynamoDbInstanceRepository(aws.dynamo, tables, kmsOnly);
        Instance readOne = migrated.find(one.key()).orElseThrow();
        assertThat(readOne.unreadableSecrets()).isEmpty();
        assertThat(readOne.proxy().password()).isEqualTo("s3cr3t");
        assertThat(readOne.s3().secretKey()).isEqualTo("secretkey");
        assertThat(readOne.webhook().authorization()).isEqualTo("Bearer xyz");
        assertThat(readOne.webhook().signingSecret()).isEqualTo("whsec-1");
        assertThat(readOne.chatwoot().apiToken()).isEqualTo("cw-token");
        Instance readTwo = migrated.find(two.key()).orElseThrow();
        assertThat(readTwo.unreadableSecrets()).isEmpty();
        assertThat(readTwo.proxy().password())
                .as("the concurrent write survived")
                .isEqualTo("newer");
        assertThat(f.rawProxyPassword(one)).startsWith("v3:kms:");
        Map<String, AttributeValue> session = f.session(one.id());
        assertThat(kmsOnly.decrypt(session.get("device").s(), one.id() + "/device"))
                .isEqualTo("device-bytes");
        assertThat(kmsOnly.decrypt(session.get("preKeys").s(), one.id() + "/preKeys"))
                .isEqualTo("pre-keys");
        assertThat(session.get("fence").n()).as("the lease fence is untouched").isEqualTo("7");
        assertThat(f.session("orphan").get("device").s()).isEqualTo(lost);

        // a second run changes nothing
        Map<String, Map<String, AttributeValue>> after = f.snapshot();
        Reseal again = new Reseal(aws.dynamo, kms, Reseal.currentFormat(kms), false, ResealFixture.print(out));
        assertThat(again.instances(tables.instances())).isEqualTo(new Reseal.Counts(2, 10, 0, 10, 0, 0));
        assertThat(again.sessions(sessions)).isEqualTo(new Reseal.Counts(2, 3, 0, 2, 0, 1));
        assertThat(f.snapshot()).isEqualTo(after);
    }

    @Test
    void retiresAnOldKeyOfTheRingWithoutKms() {
        byte[] oldKey = ResealFixture.randomKey();
        byte[] newKey = ResealFixture.randomKey();
        AesGcmSecretCipher oldRing = new AesGcmSecretCipher(oldKey);
        f.putSession("ring-only", oldRing.encrypt("device-bytes", "ring-only/device"), null);
        AesGcmSecretCipher rotated = new AesGcmSecretCipher(List.of(newKey, oldKey));
        Reseal.Counts counts = new Reseal(
                        aws.dynamo,
                        rotated,
                        Reseal.currentFormat(rotated),
                        false,
                        ResealFixture.print(new ByteArrayOutputStream()))
                .sessions(sessions);
        assertThat(counts.resealed()).isEqualTo(1);
        String stored = f.session("ring-only").get("device").s();
        assertThat(AesGcmSecretCipher.keyIdOf(stored)).isEqualTo(rotated.currentKeyId());
        assertThat(new AesGcmSecretCipher(newKey).decrypt(stored, "ring-only/device"))
                .isEqualTo("device-bytes");
    }
}
