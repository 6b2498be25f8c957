package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.SamTemplate;
import io.zapgate.aws.local.TemplateProvisioner;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
    private final FakeKmsServer server = startServer();
    private final String keyArn = server.createKey("5678abcd-12ab-34cd-56ef-1234567890ab");
    private final KmsClient client = SecretCiphers.kms(
            new AwsClients.Target(FakeKmsServer.REGION, null, null, "AKIDEXAMPLE", "secret"), server.endpoint());
    private final AwsIntegration aws = AwsIntegration.get();
    private final Map<String, String> refs = new TemplateProvisioner(
                    SamTemplate.parse(TestBackends.templateText()), "reseal-" + shortId() + "-")
            .provision(aws.dynamo, aws.sqs);
    private final TableNames tables = new TableNames(
            refs.get("AccountsTable"),
            refs.get("TokensTable"),
            refs.get("InstancesTable"),
            refs.get("RateLimitsTable"),
            refs.get("ConnectResultsTable"));
    private final String sessions = refs.get("SessionsTable");
    private final AesGcmSecretCipher ring = new AesGcmSecretCipher(randomKey());

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

    @Test
    void ringSealedRowsBecomeKmsEnvelopesWithoutLosingAConcurrentWrite() {
        Account a = Samples.account(9);
        new DynamoDbAccountRepository(aws.dynamo, tables).create(a, Samples.accountToken(a));
        DynamoDbInstanceRepository old = new DynamoDbInstanceRepository(aws.dynamo, tables, ring);
        Instance one = Samples.fullInstance(a, "one");
        Instance two = Samples.fullInstance(a, "two");
        old.create(one, Samples.tokenOf(one));
        old.create(two, Samples.tokenOf(two));
        putSession(
                one.id(),
                ring.encrypt("device-bytes", one.id() + "/device"),
                ring.encrypt("pre-keys", one.id() + "/preKeys"));
        // a value sealed by a key that is not in the ring: unreadable, left as it is
        String lost = new AesGcmSecretCipher(randomKey()).encrypt("gone", "orphan/device");
        putSession("orphan", lost, null);
        assertThat(rawProxyPassword(one)).startsWith("v2:");

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
                            .key(key(two))
                            .updateExpression("SET proxy.password = :p")
                            .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(newer))));
                }
                return kms.decrypt(ciphertext, context);
            }
        };

        Map<String, Map<String, AttributeValue>> before = snapshot();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Reseal.Counts dry =
                new Reseal(aws.dynamo, kms, Reseal.currentFormat(kms), true, print(out)).instances(tables.instances());
        assertThat(dry.resealed()).isEqualTo(10);
        assertThat(snapshot()).as("a dry run writes nothing").isEqualTo(before);

        Reseal sweep = new Reseal(aws.dynamo, racing, Reseal.currentFormat(kms), false, print(out));
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
        assertThat(rawProxyPassword(one)).startsWith("v3:kms:");
        Map<String, AttributeValue> session = session(one.id());
        assertThat(kmsOnly.decrypt(session.get("device").s(), one.id() + "/device"))
                .isEqualTo("device-bytes");
        assertThat(kmsOnly.decrypt(session.get("preKeys").s(), one.id() + "/preKeys"))
                .isEqualTo("pre-keys");
        assertThat(session.get("fence").n()).as("the lease fence is untouched").isEqualTo("7");
        assertThat(session("orphan").get("device").s()).isEqualTo(lost);

        // a second run changes nothing
        Map<String, Map<String, AttributeValue>> after = snapshot();
        Reseal again = new Reseal(aws.dynamo, kms, Reseal.currentFormat(kms), false, print(out));
        assertThat(again.instances(tables.instances())).isEqualTo(new Reseal.Counts(2, 10, 0, 10, 0, 0));
        assertThat(again.sessions(sessions)).isEqualTo(new Reseal.Counts(2, 3, 0, 2, 0, 1));
        assertThat(snapshot()).isEqualTo(after);
    }

    @Test
    void retiresAnOldKeyOfTheRingWithoutKms() {
        byte[] oldKey = randomKey();
        byte[] newKey = randomKey();
        AesGcmSecretCipher oldRing = new AesGcmSecretCipher(oldKey);
        putSession("ring-only", oldRing.encrypt("device-bytes", "ring-only/device"), null);
        AesGcmSecretCipher rotated = new AesGcmSecretCipher(List.of(newKey, oldKey));
        Reseal.Counts counts = new Reseal(
                        aws.dynamo, rotated, Reseal.currentFormat(rotated), false, print(new ByteArrayOutputStream()))
                .sessions(sessions);
        assertThat(counts.resealed()).isEqualTo(1);
        String stored = session("ring-only").get("device").s();
        assertThat(AesGcmSecretCipher.keyIdOf(stored)).isEqualTo(rotated.currentKeyId());
        assertThat(new AesGcmSecretCipher(newKey).decrypt(stored, "ring-only/device"))
                .isEqualTo("device-bytes");
    }

    private void putSession(String instanceId, String device, String preKeys) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("instanceId", AttributeValue.fromS(instanceId));
        item.put("device", AttributeValue.fromS(device));
        item.put("fence", AttributeValue.fromN("7"));
        if (preKeys != null) {
            item.put("preKeys", AttributeValue.fromS(preKeys));
        }
        aws.dynamo.putItem(b -> b.tableName(sessions).item(item));
    }

    private Map<String, AttributeValue> session(String instanceId) {
        return aws.dynamo
                .getItem(b -> b.tableName(sessions)
                        .key(Map.of("instanceId", AttributeValue.fromS(instanceId)))
                        .consistentRead(true))
                .item();
    }

    private Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> all = new HashMap<>();
        for (String table : List.of(tables.instances(), sessions)) {
            aws.dynamo
                    .scan(b -> b.tableName(table).consistentRead(true))
                    .items()
                    .forEach(i -> all.put(
                            table + "/"
                                    + i.getOrDefault("name", i.get("instanceId"))
                                            .s(),
                            i));
        }
        return all;
    }

    private String rawProxyPassword(Instance i) {
        return aws.dynamo
                .getItem(b -> b.tableName(tables.instances()).key(key(i)).consistentRead(true))
                .item()
                .get("proxy")
                .m()
                .get("password")
                .s();
    }

    private static Map<String, AttributeValue> key(Instance i) {
        return Map.of("accountId", AttributeValue.fromS(i.accountId()), "name", AttributeValue.fromS(i.name()));
    }

    private static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
