package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsClients;
import io.zapgate.core.auth.TokenHash;
import io.zapgate.testsupport.MutableClock;
import io.zapgate.testsupport.SdkCallCounter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The Instance API contract over real HTTP through the local stack: every route, every documented error,
 * the auth matrix and bad input, on DynamoDB Local and ElasticMQ.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceApiE2ETest {
    private final MutableClock clock = StackFixture.clock();
    private LocalStack stack;
    private Api api;
    private String account;

    @BeforeAll
    void start() throws Exception {
        stack = StackFixture.start(clock, null, Map.of("ZAPGATE_INSTANCE_QUOTA", "5"));
        api = new Api(stack.baseUrl());
        account = stack.accountToken();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private String create(String name) {
        Api.Reply r = api.post("/api/instance/new", account, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().at("/instance/token").asText();
    }

    @Test
    void createListConfigureDelete() {
        Api.Reply created = api.post("/api/instance/new", account, """
                {"name":"shop","token":"shop-token-123-chosen-by-the-client","proxyEnabled":true,
                 "proxyHost":"proxy.example.com","proxyPort":"1080","proxyProtocol":"socks5","proxyUsername":"u",
                 "proxyPassword":"p4ss",
                 "webhookEnabled":true,"webhookURL":"https://hooks.example.com/wa","webhookEvents":["instance.state"],
                 "websocketEnabled":true,"chatwootEnabled":true,"chatwootBaseUrl":"https://chat.example.com",
                 "chatwootAccountId":3,"chatwootApiToken":"cw","s3Enabled":true,"s3Bucket":"media-bucket",
                 "s3AccessKey":"AK","s3SecretKey":"SK","keepOnlineStatus":true}""");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().at("/instance/token").asText()).isEqualTo("shop-token-123-chosen-by-the-client");
        assertThat(created.body().at("/instance/state").asText()).isEqualTo("disconnected");
        assertThat(created.raw().body())
                .doesNotContain("p4ss")
                .doesNotContain("\"SK\"")
                .doesNotContain("\"cw\"");

        Api.Reply list = api.get("/api/instance/list?instanceName=shop", account);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get("message").asText()).isEqualTo("1 Instance found");
        assertThat(list.body().at("/instances/0/connection/state").asText()).isEqualTo("disconnected");
        assertThat(list.body().at("/instances/0/proxy/host").asText()).isEqualTo("proxy.example.com");
        assertThat(list.body().at("/instances/0/webhook/url").asText()).isEqualTo("https://hooks.example.com/wa");
        assertThat(list.raw().body())
                .doesNotContain("shop-token-123-chosen-by-the-client")
                .doesNotContain("p4ss");

        Api.Reply settings = api.get("/api/instance/getSettings/shop", "shop-token-123-chosen-by-the-client");
        assertThat(settings.body().get("message").asText()).isEqualTo("Settings retrieved successfully");
        assertThat(settings.body().at("/settings/keepOnlineStatus").asBoolean()).isTrue();
        Api.Reply updated = api.post(
                "/api/instance/settings/shop",
                "shop-token-123-chosen-by-the-client",
                "{\"autoRejectCalls\":true,\"callRejectMessage\":\"No calls\"}");
        assertThat(updated.body().get("message").asText()).isEqualTo("Settings updated successfully");
        assertThat(api.get("/api/instance/getSettings/shop", account)
                        .body()
                        .at("/settings/callRejectMessage")
                        .asText())
                .isEqualTo("No calls");

        Api.Reply proxy = api.get("/api/instance/getProxy/shop", account);
        assertThat(proxy.body().at("/proxy/protocol").asText()).isEqualTo("socks5");
        assertThat(proxy.body().at("/proxy/password").isNull()).isTrue();
        assertThat(api.post("/api/instance/proxy/shop", account, "{\"port\":\"1081\"}")
                        .body()
                        .at("/proxy/port")
                        .asText())
                .isEqualTo("1081");

        Api.Reply s3 = api.get("/api/instance/getS3/shop", account);
        assertThat(s3.body().at("/s3/bucket").asText()).isEqualTo("media-bucket");
        assertThat(s3.body().at("/s3/secretKey").isNull()).isTrue();
        Api.Reply s3off = api.post("/api/instance/s3/shop", account, "{\"enabled\":false}");
        assertThat(s3off.body().get("message").asText()).isEqualTo("S3 configuration updated");
        assertThat(api.get("/api/instance/getS3/shop", account)
                        .body()
                        .at("/s3/accessKey")
                        .isNull())
                .isTrue();

        Api.Reply deleted = api.delete("/api/instance/delete/shop", account);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.raw().body())
                .isEqualTo("{\"success\":true,\"message\":\"Instance deleted\",\"instance\":{\"status\":\"deleted\"}}");
        assertThat(api.get("/api/instance/getSettings/shop", "shop-token-123-chosen-by-the-client")
                        .error())
                .isEqualTo("Invalid token");
        assertThat(api.get("/api/instance/getSettings/shop", account).status()).isEqualTo(404);
    }

    @Test
    void authMatrixOverHttp() {
        String tokX = create("authx");
        create("authy");
        assertThat(api.get("/api/instance/list", null).error()).isEqualTo("Missing token in header");
        assertThat(api.get("/api/instance/list", null).status()).isEqualTo(401);
        assertThat(api.get("/api/instance/list", "bogus-token").error()).isEqualTo("Invalid token");
        assertThat(api.get("/api/instance/getSettings/authy", tokX).error()).isEqualTo("Invalid instance token");
        assertThat(api.post("/api/instance/settings/authy", tokX, "{\"ignoreStatus\":true}")
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/instance/new", tokX, "{\"name\":\"zz\"}").error())
                .isEqualTo("Invalid token");
        assertThat(api.delete("/api/instance/delete/authx", tokX).error()).isEqualTo("Invalid token");
        Api.Reply own = api.get("/api/instance/list?instanceName=authy", tokX);
        assertThat(own.body().at("/instances/0/name").asText()).isEqualTo("authx");
        assertThat(own.body().get("instances").size()).isEqualTo(1);
        Api.Reply bearer = api.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/instance/getProxy/authx"))
                        .header("Authorization", "Bearer " + tokX)
                        .GET()
                        .build());
        assertThat(bearer.status()).isEqualTo(200);
    }

    @Test
    void documentedErrors() {
        create("dup");
        assertThat(api.post("/api/instance/new", account, "{\"name\":\"dup\"}").status())
                .isEqualTo(409);
        assertThat(api.get("/api/instance/getSettings/nosuch", account).error()).isEqualTo("Instance not found");
        assertThat(api.get("/api/instance/list?instanceName=nosuch", account).status())
                .isEqualTo(404);
        Api.Reply empty = api.get("/api/instance/list?instanceName=", account);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body().get("instances").size()).isZero();
        for (String path :
                new String[] {"/api/instance/getSettings", "/api/instance/getProxy", "/api/instance/getS3"}) {
            assertThat(api.get(path, account).error()).as(path).isEqualTo("Instance name is required");
        }
        assertThat(api.delete("/api/instance/delete", account).error()).isEqualTo("Instance name is required");
        assertThat(api.get("/api/instance/getSettings/bad%20name", account).error())
                .startsWith("Invalid instance name");
        Api.Reply unknown = api.get("/api/instance/teleport/dup", account);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("success").asBoolean()).isFalse();
    }

    @Test
    void badInputIs400AndWritesNothing() {
        create("cfgbad");
        String[][] cases = {
            {"/api/instance/new", "{\"name\":\"x1\",", "Malformed JSON body"},
            {
                "/api/instance/new",
                "{\"name\":\"x1\",\"proxyPort\":1080,\"proxyHost\":\"h.example\"," + "\"proxyProtocol\":\"gopher\"}",
                "proxyProtocol must be one of http, https, socks5"
            },
            {"/api/instance/new", "{\"name\":\"x1\",\"webhookURL\":\"ftp://nope\"}", "webhookURL must be"},
            {
                "/api/instance/new",
                "{\"name\":\"x1\",\"chatwootBaseUrl\":\"nope\",\"chatwootAccountId\":1,"
                        + "\"chatwootApiToken\":\"t\"}",
                "chatwootBaseUrl must be"
            },
            {"/api/instance/new", "{\"name\":\"x1\",\"unknownThing\":true}", "Unknown field 'unknownThing'"},
            {"/api/instance/new", "{\"name\":\"x/1\"}", "Invalid instance name"},
            {"/api/instance/new", "{\"name\":\"x1\",\"ignoreStatus\":1}", "Field 'ignoreStatus' must be true or false"},
            {"/api/instance/settings/cfgbad", "{\"keepOnlineStatus\":\"true\"}", "Field 'keepOnlineStatus'"},
            {"/api/instance/settings/cfgbad", "{}", "At least one setting is required"},
            {"/api/instance/settings/cfgbad", "{\"wat\":1}", "Unknown field 'wat'"},
            {
                "/api/instance/proxy/cfgbad",
                "{\"enabled\":true,\"host\":\"h.example\",\"port\":\"0\"," + "\"protocol\":\"http\"}",
                "port must be a port number"
            },
            {
                "/api/instance/proxy/cfgbad",
                "{\"enabled\":true,\"host\":\"bad host\",\"port\":\"80\"," + "\"protocol\":\"http\"}",
                "host must be a host name"
            },
            {
                "/api/instance/s3/cfgbad",
                "{\"enabled\":true,\"bucket\":\"B!\",\"accessKey\":\"a\",\"secretKey\":\"s\"}",
                "bucket must be a valid S3 bucket name"
            },
            {
                "/api/instance/s3/cfgbad",
                "{\"enabled\":true,\"bucket\":\"okbucket\",\"accessKey\":\"a\","
                        + "\"secretKey\":\"s\",\"endpoint\":\"nope\"}",
                "endpoint must be an absolute http"
            },
        };
        for (String[] c : cases) {
            Api.Reply r = api.post(c[0], account, c[1]);
            assertThat(r.status()).as(c[1]).isEqualTo(400);
            assertThat(r.error()).as(c[1]).startsWith(c[2]);
            assertThat(r.raw().body()).as(c[1]).doesNotContain("Exception").doesNotContain("at io.");
        }
        Api.Reply huge = api.post(
                "/api/instance/new", account, "{\"name\":\"x1\",\"callRejectMessage\":\"" + "y".repeat(70_000) + "\"}");
        assertThat(huge.status()).isEqualTo(400);
        assertThat(huge.error()).startsWith("Request body too large");
        assertThat(api.get("/api/instance/list?instanceName=x1", account).status())
                .isEqualTo(404);
        Api.Reply proxy = api.get("/api/instance/getProxy/cfgbad", account);
        assertThat(proxy.body().at("/proxy/enabled").asBoolean()).isFalse();
        assertThat(api.get("/api/instance/getS3/cfgbad", account)
                        .body()
                        .at("/s3/enabled")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void rateLimitHeadersOnEveryResponse() {
        Api.Reply ok = api.get("/api/instance/list", account);
        assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(ok.header("X-RateLimit-Reset"))
                .isEqualTo(Long.toString(clock.instant().plusSeconds(55).getEpochSecond()));
        Api.Reply unauthorized = api.get("/api/instance/list", "nope");
        assertThat(unauthorized.header("X-RateLimit-Remaining")).isNotNull();
        Api.Reply missing = api.get("/api/instance/list", null);
        assertThat(missing.header("X-RateLimit-Limit")).isEqualTo("100");
        Api.Reply create = api.post("/api/instance/new", account, "{}");
        assertThat(create.header("X-RateLimit-Limit")).isEqualTo("20");
    }

    @Test
    void quotaOverHttp() {
        String admin = stack.adminSecret();
        Api.Reply acc = api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(api.base() + "/api/admin/accounts"))
                .header("x-admin-secret", admin)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"Small\",\"instanceQuota\":1}"))
                .build());
        assertThat(acc.status()).isEqualTo(201);
        String small = acc.body().get("token").asText();
        assertThat(api.post("/api/instance/new", small, "{\"name\":\"only\"}").status())
                .isEqualTo(201);
        Api.Reply over = api.post("/api/instance/new", small, "{\"name\":\"second\"}");
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.error()).isEqualTo("Account instance quota exceeded");
        assertThat(api.delete("/api/instance/delete/only", small).status()).isEqualTo(200);
        assertThat(api.post("/api/instance/new", small, "{\"name\":\"second\"}").status())
                .isEqualTo(201);
        assertThat(api.get("/api/instance/list", small).body().get("message").asText())
                .isEqualTo("1 Instance found");
    }

    private Api.Reply createAccount(String body) {
        return api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + "/api/admin/accounts"))
                .header("x-admin-secret", stack.adminSecret())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    @Test
    void aChosenTokenNeedsAtLeast32Characters() {
        String rule = "token must be 32-256 visible ASCII characters without spaces";
        Api.Reply shortAccount = createAccount("{\"name\":\"Chooser\",\"token\":\"" + "a".repeat(31) + "\"}");
        assertThat(shortAccount.status()).isEqualTo(400);
        assertThat(shortAccount.error()).isEqualTo(rule);
        String accountToken = "b".repeat(32);
        Api.Reply chooser = createAccount("{\"name\":\"Chooser\",\"token\":\"" + accountToken + "\"}");
        assertThat(chooser.status()).isEqualTo(201);
        assertThat(chooser.body().get("token").asText()).isEqualTo(accountToken);

        for (String tooShort : new String[] {"12345678", "c".repeat(31)}) {
            Api.Reply r =
                    api.post("/api/instance/new", accountToken, "{\"name\":\"chosen\",\"token\":\"" + tooShort + "\"}");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.raw().body()).isEqualTo("{\"success\":false,\"error\":{\"message\":\"" + rule + "\"}}");
        }
        assertThat(api.get("/api/instance/list?instanceName=chosen", accountToken)
                        .status())
                .isEqualTo(404);
        String chosen = "d".repeat(32);
        Api.Reply ok =
                api.post("/api/instance/new", accountToken, "{\"name\":\"chosen\",\"token\":\"" + chosen + "\"}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(api.get("/api/instance/getSettings/chosen", chosen).status()).isEqualTo(200);
    }

    @Test
    void tokensAreReadWithStronglyConsistentReads() {
        String tokensTable = stack.resources().get("TokensTable");
        long before = SdkCallCounter.total("DynamoDb");
        assertThat(api.get("/api/instance/list", account).status()).isEqualTo(200);
        assertThat(api.get("/api/instance/list", "no-such-token").status()).isEqualTo(401);
        // every read of the tokens table in those two requests (a delete is seen at once, on any replica)
        int made = (int) (SdkCallCounter.total("DynamoDb") - before);
        List<Boolean> consistent = SdkCallCounter.last("DynamoDb", made).stream()
                .<Boolean>mapMulti((r, out) -> {
                    if (r instanceof GetItemRequest g && g.tableName().equals(tokensTable)) {
                        out.accept(Boolean.TRUE.equals(g.consistentRead()));
                    } else if (r instanceof UpdateItemRequest u && u.tableName().equals(tokensTable)) {
                        // the counting update that resolves the token: reads the item it writes
                        out.accept(Boolean.TRUE);
                    } else if (r instanceof BatchGetItemRequest b
                            && b.requestItems().containsKey(tokensTable)) {
                        out.accept(Boolean.TRUE.equals(
                                b.requestItems().get(tokensTable).consistentRead()));
                    }
                })
                .toList();
        assertThat(consistent).hasSize(2).containsOnly(true);
    }

    @Test
    void aDeletedInstancesTokenNeverActsOnARecreatedInstanceOfTheSameName() {
        Api.Reply first = api.post("/api/instance/new", account, "{\"name\":\"reborn\"}");
        assertThat(first.status()).isEqualTo(201);
        String oldToken = first.body().at("/instance/token").asText();
        String oldId = first.body().at("/instance/id").asText();
        assertThat(api.get("/api/instance/getSettings/reborn", oldToken).status())
                .isEqualTo(200);
        assertThat(api.delete("/api/instance/delete/reborn", account).status()).isEqualTo(200);
        Api.Reply second = api.post("/api/instance/new", account, "{\"name\":\"reborn\"}");
        assertThat(second.status()).isEqualTo(201);
        String newToken = second.body().at("/instance/token").asText();
        assertThat(second.body().at("/instance/id").asText()).isNotEqualTo(oldId);

        Api.Reply refused = api.get("/api/instance/getSettings/reborn", oldToken);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.error()).isEqualTo("Invalid token");
        String tokensTable = stack.resources().get("TokensTable");

        // a token item that still points at the deleted instance (what a stale read returns) opens nothing
        var e = stack.awsEndpoints();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()))) {
            dynamo.putItem(b -> b.tableName(tokensTable)
                    .item(Map.of(
                            "tokenHash", AttributeValue.fromS(TokenHash.of(oldToken)),
                            "kind", AttributeValue.fromS("INSTANCE"),
                            "accountId", AttributeValue.fromS(stack.accountId()),
                            "instanceName", AttributeValue.fromS("reborn"),
                            "instanceId", AttributeValue.fromS(oldId))));
            try {
                for (Api.Reply r : List.of(
                        api.get("/api/instance/getSettings/reborn", oldToken),
                        api.post("/api/instance/settings/reborn", oldToken, "{\"autoRejectCalls\":true}"),
                        api.get("/api/instance/getProxy/reborn", oldToken),
                        api.post("/api/instance/proxy/reborn", oldToken, "{\"port\":\"1081\"}"),
                        api.get("/api/instance/getS3/reborn", oldToken),
                        api.get("/api/instance/list", oldToken))) {
                    assertThat(r.status()).as(r.raw().uri().toString()).isEqualTo(401);
                    assertThat(r.error()).isEqualTo("Invalid token");
                }
            } finally {
                dynamo.deleteItem(b -> b.tableName(tokensTable)
                        .key(Map.of("tokenHash", AttributeValue.fromS(TokenHash.of(oldToken)))));
            }
        }
        Api.Reply settings = api.get("/api/instance/getSettings/reborn", newToken);
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body().at("/settings/autoRejectCalls").asBoolean()).isFalse();
    }
}
