package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.aws.AwsClients;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.ServedVersion;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code delete} of a linked instance that cannot be logged out of WhatsApp — banned, client outdated, or a
 * session host that cannot reach WhatsApp — over real HTTP, SQS, the session host and the fake WhatsApp: the
 * delete succeeds, releases the row, token, name and quota, the session host drops the saved session, and the
 * response warns that the device may still be listed on the phone. Each test's account has a quota of 1, so
 * its next instance shows the quota was released.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeleteUnreachableE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakeWhatsApp fake;
    private boolean fakeClosed;
    private LocalStack stack;
    private Api api;
    private String account;
    private DynamoDbClient dynamo;

    @BeforeAll
    void start() throws Exception {
        fake = FakeWhatsApp.start();
        stack = StackFixture.startWith(fake);
        api = new Api(stack.baseUrl());
        var e = stack.awsEndpoints();
        dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (fake != null && !fakeClosed) {
            fake.close();
        }
    }

    /** A fresh account with room for one instance, so a delete that leaves the quota taken shows. */
    private JsonNode createAndLink(String name) {
        Api.Reply acc = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/admin/accounts"))
                .header("x-admin-secret", stack.adminSecret())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"instanceQuota\":1}"))
                .build());
        assertThat(acc.status()).as(acc.raw().body()).isEqualTo(201);
        account = acc.body().get("token").asText();
        Api.Reply r = api.post("/api/instance/new", account, "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        JsonNode instance = r.body().get("instance");
        Api.Reply qr = api.get("/api/instance/connect/" + name, account);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        fake.phone().scanQr(qr.body().get("qrCode").asText()).join();
        awaitConnection(name, c -> "connected".equals(c.path("state").asText()));
        assertThat(sessionRowExists(instance.get("id").asText())).isTrue();
        return instance;
    }

    private JsonNode awaitConnection(String name, java.util.function.Predicate<JsonNode> ok) {
        return Await.value(
                name + " connection",
                WAIT,
                () -> api.get("/api/instance/list?instanceName=" + name, account)
                        .body()
                        .at("/instances/0/connection"),
                ok);
    }

    private boolean sessionRowExists(String instanceId) {
        var item = dynamo.getItem(b -> b.tableName(stack.resources().get("SessionsTable"))
                        .key(Map.of("instanceId", AttributeValue.fromS(instanceId)))
                        .consistentRead(true))
                .item();
        // a wiped session leaves a fenced tombstone (docs/fleet.md): saved = a device or pre-keys
        return item != null && (item.containsKey("device") || item.containsKey("preKeys"));
    }

    /** The delete succeeded with the warning, and everything the instance held is released. */
    private void assertDeletedWithWarning(String name, JsonNode instance) {
        Api.Reply del = api.delete("/api/instance/delete/" + name, account);
        assertThat(del.status()).as(del.raw().body()).isEqualTo(200);
        assertThat(del.body().get("success").asBoolean()).isTrue();
        assertThat(del.body().get("message").asText()).isEqualTo("Instance deleted");
        assertThat(del.body().at("/instance/status").asText()).isEqualTo("deleted");
        assertThat(del.body().at("/instance/deviceUnlinked").asBoolean(true)).isFalse();
        assertThat(del.body().get("warning").asText()).contains("may still be listed under Linked devices");

        assertThat(api.get("/api/instance/list?instanceName=" + name, account).status())
                .isEqualTo(404);
        assertThat(api.get(
                                "/api/instance/getSettings/" + name,
                                instance.get("token").asText())
                        .error())
                .isEqualTo("Invalid token");
        Await.until(
                "saved session dropped",
                WAIT,
                () -> !sessionRowExists(instance.get("id").asText()));
        // name and quota (1) are free again
        Api.Reply again = api.post("/api/instance/new", account, "{\"name\":\"" + name + "\"}");
        assertThat(again.status()).as(again.raw().body()).isEqualTo(201);
        Api.Reply plain = api.delete("/api/instance/delete/" + name, account);
        assertThat(plain.raw().body())
                .isEqualTo("{\"success\":true,\"message\":\"Instance deleted\",\"instance\":{\"status\":\"deleted\"}}");
    }

    @Test
    @Order(1)
    void aBannedInstanceIsDeleted() {
        JsonNode instance = createAndLink("banned");
        fake.phone().ban(Duration.ofHours(2));
        try {
            awaitConnection("banned", c -> "banned".equals(c.path("state").asText()));
            assertDeletedWithWarning("banned", instance);
        } finally {
            fake.phone().unban();
        }
    }

    @Test
    @Order(2)
    void anInstanceWhoseClientIsOutdatedIsDeleted() {
        JsonNode instance = createAndLink("outdated");
        ServedVersion minimum = fake.minimumVersion();
        ServedVersion current = fake.currentVersion();
        fake.setVersions(ServedVersion.parse("2.3000.2000000000"), null);
        try {
            assertThat(fake.phone().dropSocket()).isPositive();
            awaitConnection(
                    "outdated",
                    c -> "client_outdated".equals(c.at("/lastDisconnect/reason").asText()));
            assertDeletedWithWarning("outdated", instance);
        } finally {
            fake.setVersions(minimum, current);
        }
    }

    @Test
    @Order(3)
    void anInstanceWhoseSessionHostCannotReachWhatsAppIsDeleted() {
        JsonNode instance = createAndLink("cutoff");
        fake.close();
        fakeClosed = true;
        awaitConnection("cutoff", c -> !"connected".equals(c.path("state").asText()));
        assertDeletedWithWarning("cutoff", instance);
    }
}
