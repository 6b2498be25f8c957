package io.zapgate.aws;

import io.zapgate.aws.local.SamTemplate;
import io.zapgate.aws.local.TemplateProvisioner;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Instance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What the re-seal tests ({@link ResealIT}, {@link ResealMainIT}) share: fresh tables from template.yaml on the
 * local DynamoDB, a {@link FakeKmsServer} with one key and a real SDK client for it, a random key ring, and
 * helpers to write and read the sealed values raw.
 */
final class ResealFixture implements AutoCloseable {
    final FakeKmsServer server = startServer();
    final String keyArn = server.createKey("5678abcd-12ab-34cd-56ef-1234567890ab");
    final KmsClient client = SecretCiphers.kms(
            new AwsClients.Target(FakeKmsServer.REGION, null, null, "AKIDEXAMPLE", "secret"), server.endpoint());
    final AwsIntegration aws = AwsIntegration.get();
    final Map<String, String> refs = new TemplateProvisioner(
                    SamTemplate.parse(TestBackends.templateText()), "reseal-" + shortId() + "-")
            .provision(aws.dynamo, aws.sqs);
    final TableNames tables = new TableNames(
            refs.get("AccountsTable"),
            refs.get("TokensTable"),
            refs.get("InstancesTable"),
            refs.get("RateLimitsTable"),
            refs.get("ConnectResultsTable"));
    final String sessions = refs.get("SessionsTable");
    final byte[] ringKey = randomKey();
    final AesGcmSecretCipher ring = new AesGcmSecretCipher(ringKey);

    private static FakeKmsServer startServer() {
        try {
            return FakeKmsServer.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    void putSession(String instanceId, String device, String preKeys) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("instanceId", AttributeValue.fromS(instanceId));
        item.put("device", AttributeValue.fromS(device));
        item.put("fence", AttributeValue.fromN("7"));
        if (preKeys != null) {
            item.put("preKeys", AttributeValue.fromS(preKeys));
        }
        aws.dynamo.putItem(b -> b.tableName(sessions).item(item));
    }

    Map<String, AttributeValue> session(String instanceId) {
        return aws.dynamo
                .getItem(b -> b.tableName(sessions)
                        .key(Map.of("instanceId", AttributeValue.fromS(instanceId)))
                        .consistentRead(true))
                .item();
    }

    /** Every item of the instances and sessions tables, by table and name / instance id. */
    Map<String, Map<String, AttributeValue>> snapshot() {
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

    String rawProxyPassword(Instance i) {
        return aws.dynamo
                .getItem(b -> b.tableName(tables.instances()).key(key(i)).consistentRead(true))
                .item()
                .get("proxy")
                .m()
                .get("password")
                .s();
    }

    static Map<String, AttributeValue> key(Instance i) {
        return Map.of("accountId", AttributeValue.fromS(i.accountId()), "name", AttributeValue.fromS(i.name()));
    }

    static PrintStream print(ByteArrayOutputStream out) {
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
