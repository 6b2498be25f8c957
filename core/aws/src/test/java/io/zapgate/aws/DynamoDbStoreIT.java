package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.contract.StoreContract;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.AccountRepository;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.port.TokenRepository;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The store contract on DynamoDB Local (or LocalStack), plus what only the real adapter can show. */
class DynamoDbStoreIT extends StoreContract {
    private final AwsIntegration aws = AwsIntegration.get();
    private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(new byte[32]);
    private final DynamoDbAccountRepository accounts = new DynamoDbAccountRepository(aws.dynamo, aws.tables());
    private final DynamoDbTokenRepository tokens =
            new DynamoDbTokenRepository(aws.dynamo, aws.tables().tokens());
    private final DynamoDbInstanceRepository instances =
            new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), cipher);

    @Override
    protected AccountRepository accounts() {
        return accounts;
    }

    @Override
    protected TokenRepository tokens() {
        return tokens;
    }

    @Override
    protected InstanceRepository instances() {
        return instances;
    }

    @Test
    void secretsAreEncryptedAtRest() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.fullInstance(a, "secretive");
        instances.create(i, Samples.tokenOf(i));
        Map<String, AttributeValue> raw = aws.dynamo
                .getItem(b -> b.tableName(aws.tables().instances())
                        .key(Map.of(
                                "accountId", AttributeValue.fromS(a.id()), "name", AttributeValue.fromS("secretive"))))
                .item();
        String proxyPassword = raw.get("proxy").m().get("password").s();
        String s3Secret = raw.get("s3").m().get("secretKey").s();
        assertThat(proxyPassword).startsWith("v2:").doesNotContain("s3cr3t");
        assertThat(s3Secret).startsWith("v2:").doesNotContain("secretkey");
        assertThat(raw.toString()).doesNotContain("cw-token").doesNotContain("Bearer xyz");
        assertThat(cipher.decrypt(proxyPassword, i.id() + "/proxy.password")).isEqualTo("s3cr3t");
    }

    @Test
    void rowsFromANewerReleaseOrAnotherKeyStillRead() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.fullInstance(a, "odd");
        new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), new AesGcmSecretCipher(new byte[] {
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
                    28, 29, 30, 31, 32
                }))
                .create(i, Samples.tokenOf(i));
        aws.dynamo.updateItem(b -> b.tableName(aws.tables().instances())
                .key(Map.of("accountId", AttributeValue.fromS(a.id()), "name", AttributeValue.fromS("odd")))
                .updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("hibernating"))));
        Instance read = instances.listByAccount(a.id()).get(0);
        assertThat(read.connection().state()).isEqualTo(io.zapgate.core.instance.InstanceState.DISCONNECTED);
        assertThat(read.proxy().password()).isNull();
        assertThat(read.proxy().host()).isEqualTo(i.proxy().host());
        assertThat(instances.delete(read)).isTrue();
    }

    @Test
    void anEvolutionWebhookRoundTripsWithItsHeadersSealed() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.instance(a, "evo");
        instances.create(i, Samples.tokenOf(i));
        var set = new io.zapgate.core.instance.WebhookSettings(
                true,
                java.util.List.of("https://hooks.example.com/evo"),
                "Bearer evo",
                true,
                java.util.List.of("CONNECTION_UPDATE"),
                false,
                "whsec_0123456789abcdef",
                io.zapgate.core.instance.WebhookSettings.Format.EVOLUTION,
                Map.of("X-Tenant", "tenant-secret"),
                java.time.Instant.parse("2026-11-23T10:00:00Z"));
        instances.changeWebhook(i, w -> set);
        Instance read = instances.find(i.key()).orElseThrow();
        assertThat(read.webhook()).isEqualTo(set);
        Map<String, AttributeValue> raw = aws.dynamo
                .getItem(b -> b.tableName(aws.tables().instances())
                        .key(Map.of("accountId", AttributeValue.fromS(a.id()), "name", AttributeValue.fromS("evo"))))
                .item();
        assertThat(raw.toString()).doesNotContain("tenant-secret").doesNotContain("Bearer evo");
        assertThat(raw.get("webhook").m().get("format").s()).isEqualTo("evolution");
        // a Zapgate-format webhook reads back as one (no format attribute)
        instances.changeWebhook(i, w -> io.zapgate.core.instance.WebhookSettings.disabled());
        assertThat(instances.find(i.key()).orElseThrow().webhook().format())
                .isEqualTo(io.zapgate.core.instance.WebhookSettings.Format.ZAPGATE);
    }

    @Test
    void aChangeThatKeepsASecretKeepsItsStoredCiphertext() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.fullInstance(a, "keeper");
        instances.create(i, Samples.tokenOf(i));
        Map<String, AttributeValue> before = raw(a, "keeper");
        instances.changeProxy(
                i,
                p -> new io.zapgate.core.instance.ProxySettings(
                        true, p.host(), "4444", p.protocol(), p.username(), p.password()));
        instances.changeS3(
                i,
                s -> new io.zapgate.core.instance.S3Settings(
                        true, "eu-west-1", s.bucket(), s.accessKey(), s.secretKey(), s.endpoint(), s.pathPrefix()));
        Map<String, AttributeValue> after = raw(a, "keeper");
        assertThat(after.get("proxy").m().get("port").s()).isEqualTo("4444");
        assertThat(after.get("proxy").m().get("password"))
                .isEqualTo(before.get("proxy").m().get("password"));
        assertThat(after.get("s3").m().get("secretKey"))
                .isEqualTo(before.get("s3").m().get("secretKey"));
        instances.changeProxy(
                i,
                p -> new io.zapgate.core.instance.ProxySettings(
                        true, p.host(), p.port(), p.protocol(), p.username(), "changed"));
        assertThat(cipher.decrypt(
                        raw(a, "keeper").get("proxy").m().get("password").s(), i.id() + "/proxy.password"))
                .isEqualTo("changed");
        instances.changeProxy(i, p -> io.zapgate.core.instance.ProxySettings.disabled());
        assertThat(raw(a, "keeper").get("proxy").m()).doesNotContainKey("password");
    }

    @Test
    void aChangeThatDoesNotTouchAnUnreadableSecretLeavesItStored() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.fullInstance(a, "rotated");
        AesGcmSecretCipher otherKey = new AesGcmSecretCipher(new byte[] {
            9, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32
        });
        new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), otherKey).create(i, Samples.tokenOf(i));
        String sealed = raw(a, "rotated").get("proxy").m().get("password").s();
        instances.changeProxy(
                i,
                p -> new io.zapgate.core.instance.ProxySettings(
                        true, p.host(), "4444", p.protocol(), p.username(), p.password()));
        assertThat(raw(a, "rotated").get("proxy").m().get("password").s()).isEqualTo(sealed);
        assertThat(otherKey.decrypt(sealed, i.id() + "/proxy.password")).isEqualTo("s3cr3t");
    }

    @Test
    void anUpdateThatKeepsLosingTheRaceGivesUpWith409AndWritesNothing() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.instance(a, "contended");
        instances.create(i, Samples.tokenOf(i));
        java.util.concurrent.atomic.AtomicInteger tries = new java.util.concurrent.atomic.AtomicInteger();
        // another writer wins between every read and write of this one
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> instances.changeSettings(i, s -> {
                    tries.incrementAndGet();
                    aws.dynamo.updateItem(b -> b.tableName(aws.tables().instances())
                            .key(Map.of(
                                    "accountId",
                                    AttributeValue.fromS(a.id()),
                                    "name",
                                    AttributeValue.fromS("contended")))
                            .updateExpression("ADD settingsVersion :one")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                    return new io.zapgate.core.instance.Settings(true, null, false, false, false, true, false);
                }))
                .isInstanceOf(io.zapgate.core.error.ZapgateException.class)
                .hasMessage(io.zapgate.core.error.Messages.CONCURRENT_UPDATE)
                .extracting(e -> ((io.zapgate.core.error.ZapgateException) e).code())
                .isEqualTo(io.zapgate.core.error.ErrorCode.CONFLICT);
        assertThat(tries.get()).isEqualTo(DynamoDbInstanceRepository.UPDATE_ATTEMPTS);
        assertThat(instances.find(i.key()).orElseThrow().settings()).isEqualTo(i.settings());
    }

    private Map<String, AttributeValue> raw(Account a, String name) {
        return aws.dynamo
                .getItem(b -> b.tableName(aws.tables().instances())
                        .consistentRead(true)
                        .key(Map.of("accountId", AttributeValue.fromS(a.id()), "name", AttributeValue.fromS(name))))
                .item();
    }

    @Test
    void tokensAreStoredOnlyAsHashes() {
        Account a = Samples.account(2);
        accounts.create(a, Samples.accountToken(a));
        var scan = aws.dynamo.scan(b -> b.tableName(aws.tables().tokens()));
        assertThat(scan.items())
                .allSatisfy(item -> assertThat(item.get("tokenHash").s()).matches("[0-9a-f]{64}"));
        assertThat(scan.items().toString()).doesNotContain("account-token-");
    }
}
