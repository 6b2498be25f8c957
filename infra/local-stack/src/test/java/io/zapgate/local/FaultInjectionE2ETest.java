package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.aws.AwsClients;
import io.zapgate.testsupport.Await;
import io.zapgate.testsupport.FaultInjector;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * 10 % of all DynamoDB and SQS call attempts fail ({@link FaultInjector}: refused before sending, throttled, or
 * processed with the answer lost) while a seeded mix of API requests runs over real HTTP and a linked session
 * stays up. Every answer must be a success or the contract's error envelope; afterwards, with faults off, the
 * tables must be consistent (every instance whole, one token per instance and none left over, the account's
 * count equal to its instances, every 201 present and every confirmed delete gone), and the linked session must
 * still be connected without having logged in again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultInjectionE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Set<Integer> CONTRACT_STATUSES = Set.of(200, 201, 400, 401, 404, 409, 429, 500, 503);

    private FakeWhatsApp fake;
    private LocalStack stack;
    private Api api;
    private String account;
    private DynamoDbClient dynamo;

    @BeforeAll
    void start() throws Exception {
        fake = FakeWhatsApp.start();
        stack = StackFixture.start(
                StackFixture.clock(),
                null,
                Map.of(
                        "ZAPGATE_WA_URL",
                        fake.wsUrl().toString(),
                        "ZAPGATE_WA_ROOT_KEY",
                        fake.rootPublicKeyHex(),
                        "ZAPGATE_RATE_LIMIT_GLOBAL",
                        "1000000",
                        "ZAPGATE_RATE_LIMIT_CREATE",
                        "1000000"));
        api = new Api(stack.baseUrl());
        account = stack.accountToken();
        var e = stack.awsEndpoints();
        dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
    }

    @AfterAll
    void stop() {
        FaultInjector.GLOBAL.disable();
        if (dynamo != null) {
            dynamo.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void withTenPercentFaultsEveryAnswerIsTheContractsAndNothingIsHalfWritten() throws Exception {
        create("linked");
        Api.Reply qr = api.get("/api/instance/connect/linked", account);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        fake.phone().scanQr(qr.body().get("qrCode").asText()).join();
        awaitState("linked", "connected");
        for (int i = 0; i < 4; i++) {
            create("base" + i);
        }
        int logins = fake.recordings().loginCount();

        Random random = new Random(0xFA17_2026L);
        Set<String> created = new HashSet<>();
        Set<String> deleted = new HashSet<>();
        List<String> live = new ArrayList<>(List.of("base0", "base1", "base2", "base3"));
        Map<String, Integer> statuses = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        FaultInjector.GLOBAL.enable(0.10, 0xFA17L);
        try {
            for (int i = 0; i < 240; i++) {
                String target = live.get(random.nextInt(live.size()));
                int op = random.nextInt(8);
                Api.Reply r = switch (op) {
                    case 0, 1 ->
                        api.post(
                                "/api/instance/new",
                                account,
                                "{\"name\":\"f" + i + "\",\"proxyHost\":"
                                        + "\"proxy.example.com\",\"proxyPort\":\"1080\",\"proxyProtocol\":\"http\","
                                        + "\"webhookURL\":\"https://hooks.example.com/x\",\"s3Bucket\":\"media-bucket\",\"s3AccessKey\":"
                                        + "\"AK\",\"s3SecretKey\":\"SK\"}");
                    case 2 -> api.get("/api/instance/list", account);
                    case 3 ->
                        api.post("/api/instance/settings/" + target, account, "{\"callRejectMessage\":\"m" + i + "\"}");
                    case 4 -> api.post("/api/instance/proxy/" + target, account, "{\"port\":\"" + (2000 + i) + "\"}");
                    case 5 -> api.get("/api/instance/getS3/" + target, account);
                    case 6 -> api.get("/api/instance/getSettings/" + target, account);
                    default ->
                        target.startsWith("f")
                                ? api.delete("/api/instance/delete/" + target, account)
                                : api.get("/api/instance/list?instanceName=" + target, account);
                };
                statuses.merge(op + ":" + r.status(), 1, Integer::sum);
                if (r.status() >= 400) {
                    System.out.println("fault injection: op " + op + " -> " + r.status() + " "
                            + r.raw().body());
                }
                String where = "op " + op + " on " + target + " -> " + r.status() + " "
                        + r.raw().body();
                if (!CONTRACT_STATUSES.contains(r.status())) {
                    problems.add("status outside the contract: " + where);
                }
                boolean success = r.status() < 400;
                if (success != r.body().path("success").asBoolean(false)) {
                    problems.add("success flag does not match the status: " + where);
                }
                if (!success
                        && (r.body().size() != 2
                                || r.body().at("/error/message").asText().isBlank())) {
                    problems.add("not the error envelope: " + where);
                }
                if ((op == 0 || op == 1) && r.status() == 201) {
                    created.add("f" + i);
                    live.add("f" + i);
                }
                if (op == 7 && target.startsWith("f") && r.status() == 200) {
                    deleted.add(target);
                    created.remove(target);
                    live.remove(target);
                }
            }
        } finally {
            FaultInjector.GLOBAL.disable();
        }
        System.out.println("fault injection: " + FaultInjector.GLOBAL.summary() + "; answers (op:status) " + statuses);
        assertThat(FaultInjector.GLOBAL.injected()).as("faults were injected").isGreaterThan(20);
        assertThat(problems).isEmpty();

        // faults off: the tables are consistent
        Api.Reply list = api.get("/api/instance/list", account);
        assertThat(list.status()).isEqualTo(200);
        Set<String> names = new HashSet<>();
        Map<String, String> ids = new HashMap<>();
        for (JsonNode inst : list.body().get("instances")) {
            names.add(inst.get("name").asText());
        }
        assertThat(created).as("some creates answered 201 and stayed").isNotEmpty();
        assertThat(deleted).as("some deletes answered 200").isNotEmpty();
        assertThat(names).containsAll(created).contains("linked");
        assertThat(deleted).allSatisfy(d -> assertThat(names).doesNotContain(d));
        for (String name : names) {
            for (String route : List.of("getSettings", "getProxy", "getS3")) {
                Api.Reply r = api.get("/api/instance/" + route + "/" + name, account);
                assertThat(r.status())
                        .as(name + " " + route + ": " + r.raw().body())
                        .isEqualTo(200);
            }
        }
        Map<String, Integer> tokensPerInstance = new HashMap<>();
        dynamo.scanPaginator(
                        s -> s.tableName(stack.resources().get("TokensTable")).consistentRead(true))
                .items()
                .forEach(item -> {
                    if ("INSTANCE".equals(str(item, "kind"))) {
                        tokensPerInstance.merge(str(item, "instanceName"), 1, Integer::sum);
                        ids.put(str(item, "instanceName"), str(item, "instanceId"));
                    }
                });
        assertThat(tokensPerInstance.keySet())
                .as("one token per instance, none left over")
                .isEqualTo(names);
        assertThat(tokensPerInstance.values()).allMatch(n -> n == 1);
        var accountItem = dynamo.getItem(b -> b.tableName(stack.resources().get("AccountsTable"))
                        .key(Map.of("accountId", AttributeValue.fromS(stack.accountId())))
                        .consistentRead(true))
                .item();
        assertThat(Integer.parseInt(accountItem.get("instanceCount").n()))
                .as("the account's instance count")
                .isEqualTo(names.size());

        // the linked session stayed up: still connected, and it never had to log in again
        assertThat(connection("linked").get("state").asText()).isEqualTo("connected");
        assertThat(fake.recordings().loginCount())
                .as("logins during the faults")
                .isEqualTo(logins);
    }

    private static String str(Map<String, AttributeValue> item, String key) {
        AttributeValue v = item.get(key);
        return v == null ? null : v.s();
    }

    private void create(String name) {
        Api.Reply r = api.post("/api/instance/new", account, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
    }

    private JsonNode connection(String name) {
        return api.get("/api/instance/list?instanceName=" + name, account)
                .body()
                .at("/instances/0/connection");
    }

    private void awaitState(String name, String state) {
        Await.value(
                name + " " + state,
                WAIT,
                () -> connection(name),
                c -> state.equals(c.path("state").asText()));
    }
}
