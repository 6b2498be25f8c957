package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsClients;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.ControlServer;
import io.zapgate.wa.fake.DeliveryRecordings;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.FakeWhatsAppOptions;
import io.zapgate.wa.fake.LinkedDevice;
import io.zapgate.wa.fake.PushKind;
import io.zapgate.wa.fake.ServedVersion;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Staying linked through the whole stack against a fake that behaves like the real server: it refuses the
 * client's built-in app version (so the session host must read the current one from the version page), pushes
 * an offline burst after the login and ends the stream on any late or wrong ack. HTTP connect → scan →
 * {@code connected}; the burst is acked and recorded as an offline sync; later pushes are acked; one login.
 */
class StayLinkedE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aLinkedInstanceStaysConnectedWhileTheServerPushes() throws Exception {
        FakeWhatsAppOptions strict = FakeWhatsAppOptions.defaults()
                .withAckDeadline(Duration.ofSeconds(2))
                .withMinimumVersion(ServedVersion.parse("2.3000.2000000000"));
        try (FakeWhatsApp fake = FakeWhatsApp.start(strict);
                ControlServer control = ControlServer.start(fake, 0);
                LocalStack stack = StackFixture.start(
                        StackFixture.clock(),
                        null,
                        Map.of(
                                "ZAPGATE_WA_URL",
                                fake.wsUrl().toString(),
                                "ZAPGATE_WA_ROOT_KEY",
                                fake.rootPublicKeyHex(),
                                "ZAPGATE_WA_VERSION_URL",
                                control.uri().resolve("/web/").toString()))) {
            Api api = new Api(stack.baseUrl());
            String token = stack.accountToken();
            assertThat(api.post("/api/instance/new", token, "{\"name\":\"steady\"}")
                            .status())
                    .isEqualTo(201);
            Api.Reply qr = api.get("/api/instance/connect/steady", token);
            assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
            LinkedDevice device =
                    fake.phone().scanQr(qr.body().get("qrCode").asText()).join();
            Await.value("connected", WAIT, () -> state(api, token), "connected"::equals);

            DeliveryRecordings d = fake.recordings().delivery();
            int burst = PushKind.DEFAULT_BURST.size();
            assertThat(fake.recordings()
                            .awaitUntil(
                                    r -> d.acksOk() >= burst
                                            || !d.ackStreamErrors().isEmpty(),
                                    WAIT))
                    .isTrue();
            var e = stack.awsEndpoints();
            var dynamo = AwsClients.dynamoDb(
                    new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
            Map<String, AttributeValue> sync = Await.value(
                            "offline sync recorded",
                            WAIT,
                            () -> dynamo.getItem(b -> b.tableName(
                                                    stack.resources().get("InstancesTable"))
                                            .consistentRead(true)
                                            .key(Map.of(
                                                    "accountId",
                                                    AttributeValue.fromS(accountId(dynamo, stack)),
                                                    "name",
                                                    AttributeValue.fromS("steady"))))
                                    .item(),
                            row -> row.containsKey("lastOfflineSync"))
                    .get("lastOfflineSync")
                    .m();
            assertThat(sync).containsEntry("count", AttributeValue.fromN(Integer.toString(burst)));

            for (int round = 1; round <= 3; round++) {
                for (PushKind kind : PushKind.values()) {
                    fake.push(device.device(), kind);
                }
                int expected = burst + round * PushKind.values().length;
                assertThat(fake.recordings()
                                .awaitUntil(
                                        r -> d.acksOk() >= expected
                                                || !d.ackStreamErrors().isEmpty(),
                                        WAIT))
                        .isTrue();
            }
            assertThat(d.acksWrong()).isEmpty();
            assertThat(d.ackStreamErrors()).isEmpty();
            assertThat(fake.recordings().loginCount())
                    .as("one login: no reconnect loop")
                    .isEqualTo(1);
            assertThat(state(api, token)).isEqualTo("connected");
            dynamo.close();
        }
    }

    private static String state(Api api, String token) {
        return api.get("/api/instance/list?instanceName=steady", token)
                .body()
                .at("/instances/0/connection/state")
                .asText();
    }

    private static String accountId(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, LocalStack stack) {
        return dynamo.scan(b -> b.tableName(stack.resources().get("InstancesTable"))).items().stream()
                .filter(i -> "steady".equals(i.get("name").s()))
                .findFirst()
                .orElseThrow()
                .get("accountId")
                .s();
    }
}
