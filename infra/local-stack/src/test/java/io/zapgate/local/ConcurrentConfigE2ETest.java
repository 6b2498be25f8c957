package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.aws.AwsClients;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Partial {@code settings} / {@code proxy} / {@code s3} POSTs over real HTTP on DynamoDB Local: racing updates
 * of different fields all land, and an update that does not name a secret leaves the stored secret as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentConfigE2ETest {
    private LocalStack stack;
    private Api api;
    private String account;
    private DynamoDbClient dynamo;
    private AesGcmSecretCipher cipher;

    @BeforeAll
    void start() throws Exception {
        stack = StackFixture.start(StackFixture.clock(), null, Map.of("ZAPGATE_RATE_LIMIT_GLOBAL", "100000"));
        api = new Api(stack.baseUrl());
        account = stack.accountToken();
        var e = stack.awsEndpoints();
        dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
        cipher = AesGcmSecretCipher.fromText(stack.resources().get("EncryptionKey"));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private JsonNode create(String name) {
        Api.Reply r = api.post(
                "/api/instance/new",
                account,
                "{\"name\":\"" + name + "\","
                        + "\"proxyEnabled\":true,\"proxyHost\":\"old.example.com\",\"proxyPort\":\"1000\","
                        + "\"proxyProtocol\":\"http\",\"proxyUsername\":\"olduser\",\"proxyPassword\":\"oldpass\","
                        + "\"s3Enabled\":true,\"s3Bucket\":\"old-bucket\",\"s3AccessKey\":\"OLDAK\",\"s3SecretKey\":\"OLDSK\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.body().get("instance");
    }

    private Map<String, AttributeValue> row(String name) {
        return dynamo.getItem(b -> b.tableName(stack.resources().get("InstancesTable"))
                        .consistentRead(true)
                        .key(Map.of(
                                "accountId",
                                AttributeValue.fromS(stack.accountId()),
                                "name",
                                AttributeValue.fromS(name))))
                .item();
    }

    private String secret(String name, String block, String field, String id) {
        return cipher.decrypt(row(name).get(block).m().get(field).s(), id + "/" + block + "." + field);
    }

    @Test
    void twentyRacingPartialUpdatesOfDifferentFieldsAllLand() throws Exception {
        String id = create("racing").get("id").asText();
        String[][] updates = {
            {"settings", "{\"autoRejectCalls\":true}"},
            {"settings", "{\"callRejectMessage\":\"busy\"}"},
            {"settings", "{\"ignoreGroupMessages\":true}"},
            {"settings", "{\"keepOnlineStatus\":true}"},
            {"settings", "{\"autoReadMessages\":true}"},
            {"settings", "{\"disableHistorySync\":false}"},
            {"settings", "{\"ignoreStatus\":true}"},
            {"proxy", "{\"enabled\":true}"},
            {"proxy", "{\"host\":\"new.example.com\"}"},
            {"proxy", "{\"port\":\"2000\"}"},
            {"proxy", "{\"protocol\":\"socks5\"}"},
            {"proxy", "{\"username\":\"newuser\"}"},
            {"proxy", "{\"password\":\"newpass\"}"},
            {"s3", "{\"enabled\":true}"},
            {"s3", "{\"region\":\"eu-west-1\"}"},
            {"s3", "{\"bucket\":\"new-bucket\"}"},
            {"s3", "{\"accessKey\":\"NEWAK\"}"},
            {"s3", "{\"secretKey\":\"NEWSK\"}"},
            {"s3", "{\"endpoint\":\"https://s3.example.com\"}"},
            {"s3", "{\"pathPrefix\":\"media/\"}"},
        };
        ExecutorService pool = Executors.newFixedThreadPool(updates.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Api.Reply>> replies = new ArrayList<>();
            for (String[] u : updates) {
                replies.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                            return api.post("/api/instance/" + u[0] + "/racing", account, u[1]);
                        },
                        pool));
            }
            go.countDown();
            for (int i = 0; i < updates.length; i++) {
                Api.Reply r = replies.get(i).join();
                assertThat(r.status())
                        .as(updates[i][1] + " -> " + r.raw().body())
                        .isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode settings =
                api.get("/api/instance/getSettings/racing", account).body().get("settings");
        assertThat(settings.get("autoRejectCalls").asBoolean()).isTrue();
        assertThat(settings.get("callRejectMessage").asText()).isEqualTo("busy");
        assertThat(settings.get("ignoreGroupMessages").asBoolean()).isTrue();
        assertThat(settings.get("keepOnlineStatus").asBoolean()).isTrue();
        assertThat(settings.get("autoReadMessages").asBoolean()).isTrue();
        assertThat(settings.get("disableHistorySync").asBoolean()).isFalse();
        assertThat(settings.get("ignoreStatus").asBoolean()).isTrue();
        JsonNode proxy =
                api.get("/api/instance/getProxy/racing", account).body().get("proxy");
        assertThat(proxy.get("enabled").asBoolean()).isTrue();
        assertThat(proxy.get("host").asText()).isEqualTo("new.example.com");
        assertThat(proxy.get("port").asText()).isEqualTo("2000");
        assertThat(proxy.get("protocol").asText()).isEqualTo("socks5");
        assertThat(proxy.get("username").asText()).isEqualTo("newuser");
        assertThat(secret("racing", "proxy", "password", id)).isEqualTo("newpass");
        JsonNode s3 = api.get("/api/instance/getS3/racing", account).body().get("s3");
        assertThat(s3.get("enabled").asBoolean()).isTrue();
        assertThat(s3.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(s3.get("bucket").asText()).isEqualTo("new-bucket");
        assertThat(s3.get("accessKey").asText()).isEqualTo("NEWAK");
        assertThat(s3.get("endpoint").asText()).isEqualTo("https://s3.example.com");
        assertThat(s3.get("pathPrefix").asText()).isEqualTo("media/");
        assertThat(secret("racing", "s3", "secretKey", id)).isEqualTo("NEWSK");
    }

    @Test
    void aPartialUpdateThatDoesNotNameASecretLeavesTheStoredSecretIntact() {
        create("secrets");
        Map<String, AttributeValue> before = row("secrets");
        assertThat(api.post("/api/instance/proxy/secrets", account, "{\"port\":\"1081\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/instance/s3/secrets", account, "{\"region\":\"eu-west-1\"}")
                        .status())
                .isEqualTo(200);
        Map<String, AttributeValue> after = row("secrets");
        assertThat(after.get("proxy").m().get("port").s()).isEqualTo("1081");
        assertThat(after.get("s3").m().get("region").s()).isEqualTo("eu-west-1");
        assertThat(after.get("proxy").m().get("password"))
                .isEqualTo(before.get("proxy").m().get("password"));
        assertThat(after.get("s3").m().get("secretKey"))
                .isEqualTo(before.get("s3").m().get("secretKey"));
    }

    @Test
    void aPartialProxyUpdateKeepsAPasswordThisKeyCannotRead() {
        String id = create("rotated").get("id").asText();
        // as if sealed under a previous ZAPGATE_ENCRYPTION_KEY: unreadable now, but not the update's to erase
        AesGcmSecretCipher previous = new AesGcmSecretCipher(new byte[32]);
        String sealed = previous.encrypt("oldpass", id + "/proxy.password");
        dynamo.updateItem(b -> b.tableName(stack.resources().get("InstancesTable"))
                .key(Map.of(
                        "accountId", AttributeValue.fromS(stack.accountId()), "name", AttributeValue.fromS("rotated")))
                .updateExpression("SET proxy.password = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(sealed))));
        Api.Reply r = api.post("/api/instance/proxy/rotated", account, "{\"host\":\"other.example.com\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        Map<String, AttributeValue> after = row("rotated");
        assertThat(after.get("proxy").m().get("host").s()).isEqualTo("other.example.com");
        assertThat(after.get("proxy").m()).containsEntry("password", AttributeValue.fromS(sealed));
        assertThat(previous.decrypt(after.get("proxy").m().get("password").s(), id + "/proxy.password"))
                .isEqualTo("oldpass");
    }
}
