package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.aws.AwsClients;
import io.zapgate.core.session.WebhookSignature;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * The whole link, end to end: HTTP → Lambda handler → SQS → session host → fake WhatsApp over a real socket →
 * DynamoDB (+ its stream) → HTTP response, with webhooks to a real receiver.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionFlowE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private FakeWhatsApp fake;
    private LocalStack stack;
    private Api api;
    private String token;
    private WebhookReceiver hook;
    private DynamoDbClient dynamo;

    @BeforeAll
    void start() throws Exception {
        fake = FakeWhatsApp.start();
        hook = new WebhookReceiver();
        stack = StackFixture.startWith(fake, "ZAPGATE_WEBHOOK_BACKOFF_SECONDS", "0");
        api = new Api(stack.baseUrl());
        token = stack.accountToken();
        var e = stack.awsEndpoints();
        dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (fake != null) {
            fake.close();
        }
        if (hook != null) {
            hook.close();
        }
    }

    private JsonNode create(String name, String extra) {
        Api.Reply r = api.post("/api/instance/new", token, "{\"name\":\"" + name + "\"" + extra + "}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.body().get("instance");
    }

    private JsonNode connection(String name) {
        return api.get("/api/instance/list?instanceName=" + name, token).body().at("/instances/0/connection");
    }

    private JsonNode awaitState(String name, String state) {
        return Await.value(
                name + " " + state,
                WAIT,
                () -> connection(name),
                c -> state.equals(c.path("state").asText()));
    }

    private LinkedDevice link(String name) {
        Api.Reply qr = api.get("/api/instance/connect/" + name, token);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        LinkedDevice device =
                fake.phone().scanQr(qr.body().get("qrCode").asText()).join();
        awaitState(name, "connected");
        return device;
    }

    private boolean sessionRowExists(String instanceId) {
        var item = dynamo.getItem(b -> b.tableName(stack.resources().get("SessionsTable"))
                        .key(Map.of("instanceId", AttributeValue.fromS(instanceId)))
                        .consistentRead(true))
                .item();
        // a wiped session leaves a fenced tombstone (docs/fleet.md): saved = a device or pre-keys
        return item != null && (item.containsKey("device") || item.containsKey("preKeys"));
    }

    @Test
    @Order(1)
    void qrLinkConnectsAndTheWebhookIsToldInOrder() throws Exception {
        JsonNode inst = create("main", ",\"webhookURL\":\"" + hook.url() + "\"");
        int registrations = fake.recordings().registrationCount();
        Api.Reply qr = api.get("/api/instance/connect/main?history=30", token);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        assertThat(qr.body().get("message").asText()).isEqualTo("QR code generated");
        assertThat(qr.body().get("qrCode").asText()).startsWith("https://wa.me/settings/linked_devices#");
        assertThat(qr.body().get("qrCodeBase64").asText()).startsWith("data:image/png;base64,");
        assertThat(qr.body().get("expiresAt").asLong())
                .isGreaterThan(Instant.now().toEpochMilli());
        assertThat(connection("main").get("state").asText()).isEqualTo("connecting");
        fake.phone().scanQr(qr.body().get("qrCode").asText()).join();
        JsonNode c = awaitState("main", "connected");
        assertThat(c.get("numberJid").asText()).startsWith(fake.phone().phoneNumber());
        assertThat(fake.recordings().historyDays()).hasValue(30);
        // the profile is written right after the connected state: await it rather than racing the second write
        Await.value(
                "profile platform",
                WAIT,
                () -> api.get("/api/instance/list?instanceName=main", token)
                        .body()
                        .at("/instances/0/profile/platform")
                        .asText(),
                "android"::equals);
        assertThat(fake.recordings().registrationCount()).isEqualTo(registrations + 1);
        Api.Reply again = api.get("/api/instance/connect/main", token);
        assertThat(again.raw().body()).contains("Instance already connected");

        List<WebhookReceiver.Call> calls = Await.value(
                "connected webhook",
                WAIT,
                () -> {
                    try {
                        return hook.await(1, Duration.ofSeconds(5));
                    } catch (InterruptedException ex) {
                        throw new AssertionError(ex);
                    }
                },
                l -> l.stream().anyMatch(x -> x.body().contains("\"state\":\"connected\"")));
        List<String> states = calls.stream()
                .map(x -> read(x.body()).at("/data/state").asText())
                .toList();
        assertThat(states).startsWith("connecting").contains("connected");
        assertThat(calls)
                .map(x -> read(x.body()).at("/data/qrCode").asText())
                .filteredOn(s -> !s.isEmpty())
                .first()
                .isEqualTo(qr.body().get("qrCode").asText());
        String secret = inst.at("/webhook/secret").asText();
        for (WebhookReceiver.Call call : calls) {
            assertThat(WebhookSignature.verify(
                            secret,
                            Long.parseLong(call.headers().get("X-Zapgate-Timestamp")),
                            call.body(),
                            call.headers().get("X-Zapgate-Signature")))
                    .isTrue();
        }
        List<Long> seq =
                calls.stream().map(x -> read(x.body()).get("sequence").asLong()).toList();
        assertThat(seq).isSorted();
    }

    @Test
    @Order(2)
    void aRestartedSessionHostResumesWithoutAQr() throws Exception {
        int registrations = fake.recordings().registrationCount();
        int logins = fake.recordings().loginCount();
        stack.restartSessionHost();
        Await.until("a new login", WAIT, () -> fake.recordings().loginCount() > logins);
        awaitState("main", "connected");
        assertThat(fake.recordings().registrationCount()).isEqualTo(registrations);
    }

    @Test
    @Order(3)
    void aDroppedSocketReconnectsByItself() {
        int logins = fake.recordings().loginCount();
        assertThat(fake.phone().dropSocket()).isPositive();
        Await.until("a new login after the drop", WAIT, () -> fake.recordings().loginCount() > logins);
        awaitState("main", "connected");
    }

    @Test
    @Order(4)
    void settingsApplyLiveOnTheSocket() {
        int presences = fake.recordings().presences().size();
        Api.Reply r = api.post("/api/instance/settings/main", token, "{\"keepOnlineStatus\":true}");
        assertThat(r.status()).isEqualTo(200);
        Await.until(
                "presence available",
                WAIT,
                () -> fake.recordings().presences().stream()
                        .skip(presences)
                        .anyMatch(n -> "available".equals(n.attr("type").orElse(null))));
    }

    @Test
    @Order(5)
    void pairingCodeLinks() {
        create("bycode", "");
        Api.Reply r =
                api.get("/api/instance/connect/bycode?number=%2B" + fake.phone().phoneNumber(), token);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().get("message").asText()).isEqualTo("Pairing code generated");
        String code = r.body().get("pairingCode").asText();
        assertThat(code).matches("[A-Z0-9]{4}-[A-Z0-9]{4}");
        fake.phone().enterPairingCode(code).join();
        awaitState("bycode", "connected");
    }

    @Test
    @Order(6)
    void twoRacingConnectsOpenOneSocket() {
        create("race", "");
        int connections = fake.recordings().connectionCount();
        CompletableFuture<Api.Reply> a =
                CompletableFuture.supplyAsync(() -> api.get("/api/instance/connect/race", token));
        CompletableFuture<Api.Reply> b =
                CompletableFuture.supplyAsync(() -> api.get("/api/instance/connect/race", token));
        assertThat(a.join().status()).as(a.join().raw().body()).isEqualTo(200);
        assertThat(b.join().status()).as(b.join().raw().body()).isEqualTo(200);
        assertThat(a.join().body().get("qrCode").asText()).isNotEmpty();
        assertThat(b.join().body().get("qrCode").asText()).isNotEmpty();
        assertThat(fake.recordings().connectionCount()).isEqualTo(connections + 1);
    }

    @Test
    @Order(7)
    void unlinkedFromThePhoneMeansLoggedOut() {
        JsonNode inst = create("unlinked", "");
        LinkedDevice device = link("unlinked");
        assertThat(sessionRowExists(inst.get("id").asText())).isTrue();
        assertThat(fake.phone().unlink(device.jid())).isTrue();
        JsonNode c = awaitState("unlinked", "loggedout");
        assertThat(c.at("/lastDisconnect/reason").asText()).isEqualTo("logged_out");
        Await.until(
                "session wiped", WAIT, () -> !sessionRowExists(inst.get("id").asText()));
        Api.Reply r = api.post("/api/instance/reconnect/unlinked", token, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("Instance has no saved session — call /connect first");
    }

    @Test
    @Order(8)
    void logoutAndDeleteUnlinkOnWhatsApp() {
        JsonNode inst = create("leaving", "");
        link("leaving");
        int logouts = fake.recordings().logouts().size();
        Api.Reply out = api.delete("/api/instance/logout/leaving", token);
        assertThat(out.status()).as(out.raw().body()).isEqualTo(200);
        assertThat(out.raw().body()).contains("\"status\":\"loggedout\"");
        assertThat(fake.recordings().logouts()).hasSize(logouts + 1);
        assertThat(connection("leaving").get("state").asText()).isEqualTo("loggedout");
        assertThat(sessionRowExists(inst.get("id").asText())).isFalse();
        assertThat(api.post("/api/instance/reconnect/leaving", token, null).status())
                .isEqualTo(400);

        JsonNode gone = create("gone", "");
        link("gone");
        Api.Reply del = api.delete("/api/instance/delete/gone", token);
        assertThat(del.status()).as(del.raw().body()).isEqualTo(200);
        assertThat(fake.recordings().logouts()).hasSize(logouts + 2);
        assertThat(api.get("/api/instance/list?instanceName=gone", token).status())
                .isEqualTo(404);
        Await.until(
                "session row deleted",
                WAIT,
                () -> !sessionRowExists(gone.get("id").asText()));
    }

    @Test
    @Order(9)
    void aTemporaryBanShowsBannedUntil() {
        fake.phone().ban(Duration.ofHours(2));
        int logins = fake.recordings().loginCount();
        Api.Reply r = api.post("/api/instance/reconnect/main", token, null);
        assertThat(r.status()).isIn(200);
        JsonNode c = awaitState("main", "banned");
        assertThat(c.at("/lastDisconnect/reason").asText()).isEqualTo("temp_banned");
        Instant until = Instant.parse(c.at("/lastDisconnect/bannedUntil").asText());
        assertThat(until).isAfter(Instant.now().plus(Duration.ofMinutes(100)));
        fake.phone().unban();
        assertThat(fake.recordings().loginCount()).isGreaterThanOrEqualTo(logins);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
