package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** After {@code <active/>} every login gets an offline burst that must be acked in time, else it is redelivered. */
class OfflineBurstTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final TestCompanion companion = new TestCompanion();
    private FakeWhatsApp fake;

    private void start(FakeWhatsAppOptions options) throws Exception {
        fake = FakeWhatsApp.start(options);
        Flows.pairByQr(fake, companion);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void burstFollowsTheActiveAnswerInOrderBetweenPreviewAndOfflineCount() throws Exception {
        start(FakeWhatsAppOptions.defaults());
        try (ScriptedClient client = Flows.login(fake, companion)) {
            client.send(TestCompanion.iq("ping-1", "w:p", "get"));
            assertThat(client.next().attr("id"))
                    .as("nothing is pushed while passive")
                    .contains("ping-1");
            client.send(TestCompanion.iq("act-1", "passive", "set", Node.of("active")));
            assertThat(client.next().attr("id")).contains("act-1");
            Node preview = client.next().child("offline_preview").orElseThrow();
            assertThat(preview.attrs())
                    .containsEntry("count", "6")
                    .containsEntry("message", "2")
                    .containsEntry("notification", "1")
                    .containsEntry("receipt", "3")
                    .containsEntry("appdata", "0");
            List<Node> burst =
                    List.of(client.next(), client.next(), client.next(), client.next(), client.next(), client.next());
            assertThat(client.next().child("offline").flatMap(o -> o.attr("count")))
                    .contains("6");
            assertThat(burst)
                    .extracting(Node::tag)
                    .containsExactly("message", "message", "receipt", "receipt", "receipt", "notification");
            assertShapes(burst);
        }
    }

    private static void assertShapes(List<Node> burst) {
        Node direct = burst.get(0);
        assertThat(direct.attrs().get("from")).isEqualTo(FakeContacts.CONTACT);
        assertThat(direct.attrs()).containsEntry("type", "text").containsKeys("id", "t", "notify");
        assertThat(direct.child("enc").flatMap(e -> e.attr("type"))).contains("pkmsg");
        Node group = burst.get(1);
        assertThat(group.attrs().get("from")).isInstanceOf(Jid.class).isEqualTo(FakeContacts.GROUP);
        assertThat(group.attrs().get("participant")).isInstanceOf(Jid.class).isEqualTo(FakeContacts.MEMBER);
        assertThat(group.child("enc").flatMap(e -> e.attr("type"))).contains("skmsg");
        assertThat(burst.get(2).attrs()).doesNotContainKey("type").doesNotContainKey("participant");
        assertThat(burst.get(3).attr("type")).contains("read");
        assertThat(burst.get(4).attrs().get("participant")).isEqualTo(FakeContacts.MEMBER);
        Node notification = burst.get(5);
        assertThat(notification.attrs().get("participant"))
                .isInstanceOf(Jid.class)
                .isEqualTo(FakeContacts.ADMIN);
        assertThat(notification.attr("type")).contains("w:gp2");
        assertThat(notification
                        .child("add")
                        .orElseThrow()
                        .child("participant")
                        .orElseThrow()
                        .attrs()
                        .get("jid"))
                .isEqualTo(FakeContacts.ADDED);
        assertThat(Flows.ids(burst)).doesNotHaveDuplicates();
    }

    @Test
    void ackingEverythingCorrectlyKeepsTheConnection() throws Exception {
        start(FakeWhatsAppOptions.defaults().withAckDeadline(Duration.ofMillis(300)));
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            Flows.ackAll(client, Flows.readBurst(client));
            DeliveryRecordings d = fake.recordings().delivery();
            assertThat(fake.recordings().awaitUntil(r -> d.ackDeadlineChecks() == 6, WAIT))
                    .isTrue();
            assertThat(d.acksOk()).isEqualTo(6);
            assertThat(d.acksWrong()).isEmpty();
            assertThat(d.ackStreamErrors()).isEmpty();
            assertThat(fake.recordings().sentErrors())
                    .as("only the pairing's 515")
                    .hasSize(1);
            assertThat(client.query(TestCompanion.iq("ping-2", "w:p", "get")).attr("type"))
                    .contains("result");
        }
        assertThat(fake.offlineQueueSizes()).isEmpty();
    }

    @Test
    void notAckingEndsTheStreamAndTheNextLoginRedeliversTheSameIds() throws Exception {
        start(FakeWhatsAppOptions.defaults().withAckDeadline(Duration.ofMillis(300)));
        List<String> first;
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            first = Flows.ids(Flows.readBurst(client));
            Node error = client.next("stream:error");
            assertThat(error.attrs()).isEmpty();
            assertThat(error.children()).hasSize(1);
            assertThat(error.child("ack").orElseThrow().attrs())
                    .containsExactly(java.util.Map.entry("id", first.get(0)));
            client.awaitClose();
        }
        assertThat(fake.recordings().awaitUntil(r -> r.closedCount() == 2, WAIT))
                .isTrue();
        assertThat(fake.offlineQueueSizes()).containsEntry(companion.jid.device(), 6);
        try (ScriptedClient again = Flows.loginActive(fake, companion)) {
            List<Node> redelivered = Flows.readBurst(again);
            assertThat(Flows.ids(redelivered)).isEqualTo(first);
            Flows.ackAll(again, redelivered);
            assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() == 6, WAIT))
                    .isTrue();
        }
        DeliveryRecordings d = fake.recordings().delivery();
        assertThat(d.ackStreamErrors()).containsExactly(first.get(0));
        assertThat(d.redeliveredCount()).isEqualTo(6);
        assertThat(d.offlineBurstCount()).isEqualTo(2);
        assertThat(fake.recordings().loginCount()).isEqualTo(2);
    }

    @Test
    void aWrongAckCountsAsNotAckedAndOnlyTheUnackedAreRedelivered() throws Exception {
        start(FakeWhatsAppOptions.defaults().withAckDeadline(Duration.ofMillis(300)));
        List<Node> burst;
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            burst = Flows.readBurst(client);
            for (Node stanza : burst) {
                Node ack = Flows.ackFor(stanza);
                if (stanza.attrs().containsKey("participant") && stanza.tag().equals("message")) {
                    ack = Node.builder("ack")
                            .attr("class", "message")
                            .attr("id", ack.attrs().get("id"))
                            .attr("to", ack.attrs().get("to"))
                            .build(); // participant left out
                } else if (stanza.attr("type").filter("read"::equals).isPresent()) {
                    ack = Node.builder("ack")
                            .attr("class", "receipt")
                            .attr("id", ack.attrs().get("id"))
                            .attr("to", ack.attrs().get("to"))
                            .build(); // type left out
                }
                client.send(ack);
            }
            Node error = client.next("stream:error");
            assertThat(error.child("ack").flatMap(a -> a.attr("id")))
                    .contains(burst.get(1).attr("id").orElseThrow());
            client.awaitClose();
        }
        DeliveryRecordings d = fake.recordings().delivery();
        assertThat(d.acksOk()).isEqualTo(4);
        assertThat(d.acksWrong()).extracting(AckRecord::reason).containsExactly("missing participant", "missing type");
        assertThat(fake.recordings().awaitUntil(r -> r.closedCount() == 2, WAIT))
                .isTrue();
        try (ScriptedClient again = Flows.loginActive(fake, companion)) {
            assertThat(Flows.ids(Flows.readBurst(again)))
                    .containsExactly(
                            burst.get(1).attr("id").orElseThrow(),
                            burst.get(3).attr("id").orElseThrow());
        }
    }

    @Test
    void lenientAcksRecordButKeepTheConnection() throws Exception {
        start(FakeWhatsAppOptions.defaults().withStrictAcks(false).withAckDeadline(Duration.ofMillis(200)));
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            List<Node> burst = Flows.readBurst(client);
            client.send(Node.builder("ack")
                    .attr("class", "receipt")
                    .attr("id", burst.get(0).attr("id").get())
                    .attr("to", FakeContacts.CONTACT)
                    .build());
            assertThat(fake.recordings().awaitUntil(r -> r.delivery().ackDeadlineChecks() == 6, WAIT))
                    .isTrue();
            assertThat(fake.recordings().delivery().acksWrong())
                    .extracting(AckRecord::reason)
                    .containsExactly("class is 'receipt', want message");
            assertThat(fake.recordings().delivery().ackStreamErrors()).isEmpty();
            assertThat(client.query(TestCompanion.iq("ping-3", "w:p", "get")).attr("type"))
                    .contains("result");
        }
    }

    @Test
    void withoutBurstActiveGetsNothing() throws Exception {
        start(FakeWhatsAppOptions.defaults().withOfflineBurst(false));
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            client.send(TestCompanion.iq("ping-4", "w:p", "get"));
            assertThat(client.next().attr("id")).contains("ping-4");
        }
        assertThat(fake.recordings().delivery().offlineBurstCount()).isZero();
    }
}
