package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The phone's contacts push stanzas on demand (Java and HTTP); they need acks like the burst. */
class PushTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestCompanion companion = new TestCompanion();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final FakeWhatsApp fake =
            FakeWhatsApp.start(FakeWhatsAppOptions.defaults().withAckDeadline(Duration.ofMillis(500)));

    @AfterEach
    void stop() {
        fake.close();
    }

    /** Logs in, takes the burst and acks it. */
    private ScriptedClient activeAndAcked() throws Exception {
        ScriptedClient client = Flows.loginActive(fake, companion);
        Flows.ackAll(client, Flows.readBurst(client));
        return client;
    }

    @Test
    void pushedStanzasArriveAndNeedTheirAcks() throws Exception {
        Flows.pairByQr(fake, companion);
        try (ScriptedClient client = activeAndAcked()) {
            assertThat(fake.isActive(companion.jid.device())).isTrue();
            Node pushed = fake.push(companion.jid.device(), PushKind.GROUP_NOTIFICATION);
            Node got = client.next("notification");
            assertThat(got).isEqualTo(pushed);
            client.send(Flows.ackFor(got));
            Node raw = Node.builder("receipt")
                    .attr("from", FakeContacts.GROUP)
                    .attr("participant", FakeContacts.MEMBER)
                    .attr("recipient", companion.jid.toNonAd())
                    .attr("id", "RAW-1")
                    .attr("type", "played")
                    .attr("t", 1)
                    .build();
            fake.phone().push(companion.jid, raw);
            client.send(Flows.ackFor(client.next("receipt")));
            Node call = fake.phone().push(companion.jid, PushKind.CALL);
            assertThat(client.next("call").attr("id")).isEqualTo(call.attr("id"));
            client.send(Flows.ackFor(call));
            assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() == 9, WAIT))
                    .isTrue();

            Node unacked = fake.phone().push(companion.jid, PushKind.MESSAGE);
            assertThat(client.next("stream:error").child("ack").flatMap(a -> a.attr("id")))
                    .isEqualTo(unacked.attr("id"));
            client.awaitClose();
        }
        assertThat(fake.recordings().delivery().acksWrong()).isEmpty();
    }

    @Test
    void aPushWhileOfflineWaitsForTheNextLoginInsteadOfTheDefaultBurst() throws Exception {
        Flows.pairByQr(fake, companion);
        Node queued = fake.phone().push(companion.jid, PushKind.READ_RECEIPT);
        assertThat(fake.offlineQueueSizes()).containsEntry(companion.jid.device(), 1);
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            List<Node> burst = Flows.readBurst(client);
            assertThat(burst).containsExactly(queued);
            client.send(Flows.ackFor(queued));
            assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() == 1, WAIT))
                    .isTrue();
        }
        assertThatThrownBy(() -> fake.phone().push(Jid.parse("15551234567:9@s.whatsapp.net"), PushKind.MESSAGE))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.phone().push(companion.jid, Node.of("message")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pushOverHttp() throws Exception {
        try (ControlServer control = ControlServer.start(fake, 0)) {
            assertThat(post(control, "/phone/push?kind=message", "").statusCode())
                    .isEqualTo(409);
            Flows.pairByQr(fake, companion);
            try (ScriptedClient client = activeAndAcked()) {
                HttpResponse<String> response = post(control, "/phone/push?kind=read-receipt&count=2", "");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode json = JSON.readTree(response.body());
                assertThat(json.get("device").asText()).isEqualTo(companion.jid.toString());
                assertThat(json.get("live").asBoolean()).isTrue();
                List<String> ids = List.of(
                        json.get("ids").get(0).asText(), json.get("ids").get(1).asText());
                List<Node> got = List.of(client.next("receipt"), client.next("receipt"));
                assertThat(Flows.ids(got)).isEqualTo(ids);
                assertThat(got).allSatisfy(n -> assertThat(n.attr("type")).contains("read"));
                Flows.ackAll(client, got);

                HttpResponse<String> byJson = post(
                        control, "/phone/push", "{\"device\":\"" + companion.jid + "\",\"kind\":\"group-message\"}");
                assertThat(byJson.statusCode()).as(byJson.body()).isEqualTo(200);
                client.send(Flows.ackFor(client.next("message")));
                assertThat(post(control, "/phone/push?kind=nope", "").statusCode())
                        .isEqualTo(400);
                assertThat(post(control, "/phone/push?count=0", "").statusCode())
                        .isEqualTo(400);
                assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() == 9, WAIT))
                        .isTrue();
                JsonNode state = JSON.readTree(http.send(
                                HttpRequest.newBuilder(control.uri().resolve("/phone/state"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
                assertThat(state.get("pushedCount").asInt()).isEqualTo(9);
                assertThat(state.get("acksOk").asInt()).isEqualTo(9);
                assertThat(state.get("acksWrong")).isEmpty();
                assertThat(state.get("offlineBurstCount").asInt()).isEqualTo(1);
                assertThat(state.get("ackStreamErrors")).isEmpty();
                assertThat(state.at("/pushed/1/participant").asText()).isEqualTo(FakeContacts.MEMBER.toString());
            }
        }
    }

    @Test
    void pushToEveryActiveCompanionAndReadTheCounters() throws Exception {
        try (ControlServer control = ControlServer.start(fake, 0)) {
            Flows.pairByQr(fake, companion);
            try (ScriptedClient client = activeAndAcked()) {
                // the client's acks are on the wire; wait for the fake to have read them before reading the counters
                assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() == 6, WAIT))
                        .isTrue();
                JsonNode before = stats(control);
                assertThat(before.get("activeDevices").asInt()).isEqualTo(1);
                assertThat(before.get("acksOk").asInt()).isEqualTo(6);
                assertThat(before.at("/ackLatency/count").asInt()).isEqualTo(6);

                HttpResponse<String> response = post(control, "/phone/push?kind=group-receipt&count=3", "all");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                JsonNode json = JSON.readTree(response.body());
                assertThat(json.get("device").asText()).isEqualTo("all");
                assertThat(json.get("pushed").asInt()).isEqualTo(3);
                List<Node> got = List.of(client.next("receipt"), client.next("receipt"), client.next("receipt"));
                assertThat(got)
                        .allSatisfy(n -> assertThat(n.attr("participant")).isPresent());
                Flows.ackAll(client, got);
                assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() == 9, WAIT))
                        .isTrue();

                JsonNode after = stats(control);
                assertThat(after.get("pushedCount").asInt()).isEqualTo(9);
                assertThat(after.get("acksWrongCount").asInt()).isZero();
                assertThat(after.get("ackStreamErrorCount").asInt()).isZero();
                assertThat(after.get("loginCount").asInt()).isEqualTo(1);
                JsonNode latency = after.get("ackLatency");
                assertThat(latency.get("count").asInt()).isEqualTo(9);
                assertThat(latency.get("p99Micros").asLong())
                        .isPositive()
                        .isLessThanOrEqualTo(latency.get("maxMicros").asLong());
                long inBuckets = 0;
                for (JsonNode n : latency.get("buckets")) {
                    inBuckets += n.asLong();
                }
                assertThat(inBuckets).isEqualTo(9);
                assertThat(fake.recordings().delivery().ackLatencies().count()).isEqualTo(9);
                assertThat(post(control, "/phone/push?count=x", "all").statusCode())
                        .isEqualTo(400);
                assertThat(post(control, "/phone/stats", "").statusCode()).isEqualTo(405);
            }
            // the fake notices the closed socket on its own I/O thread: wait for it before pushing to nobody
            io.zapgate.testsupport.Await.until("no active device", WAIT, () -> !fake.isActive(companion.jid.device()));
            assertThat(post(control, "/phone/push", "all").statusCode())
                    .as("nobody active")
                    .isEqualTo(200);
            assertThat(JSON.readTree(post(control, "/phone/push", "all").body())
                            .get("pushed")
                            .asInt())
                    .isZero();
        }
    }

    private JsonNode stats(ControlServer control) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(control.uri().resolve("/phone/stats")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> post(ControlServer control, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(control.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
