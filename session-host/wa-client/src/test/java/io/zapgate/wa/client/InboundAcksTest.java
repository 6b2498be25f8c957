package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every inbound stanza kind gets exactly the ack whatsmeow's {@code sendAck} would send, or none. */
class InboundAcksTest {
    private static final Jid GROUP = Jid.of("120363000000000001", Jid.GROUP_SERVER);
    private static final Jid SENDER = Jid.ofDevice("15559876543", 2, Jid.DEFAULT_USER_SERVER);
    private static final Jid RECIPIENT = Jid.of("15551234567", Jid.DEFAULT_USER_SERVER);

    private Harness h;
    private FakeLink link;

    @BeforeEach
    void connect() throws Exception {
        h = new Harness(TestDevices.paired());
        link = h.connect();
    }

    private static boolean isAck(Node node) {
        return node.tag().equals("ack");
    }

    private Node nextAck() throws InterruptedException {
        return link.next(InboundAcksTest::isAck);
    }

    /** A message the test sends after stanzas that must not be acked: the next ack must be this one's. */
    private void receiveMarker(String id) {
        link.receive(Node.builder("message").attr("id", id).attr("from", SENDER).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"message", "appdata", "status", "receipt", "notification", "call"})
    void fullAckCopiesEveryAttributeWithItsType(String tag) throws Exception {
        link.receive(Node.builder(tag)
                .attr("id", "ID-" + tag)
                .attr("from", GROUP)
                .attr("participant", SENDER)
                .attr("recipient", RECIPIENT)
                .attr("type", "x")
                .attr("t", "1700000000")
                .attr("notify", "Bob")
                .children(Node.builder("enc").content(new byte[] {1, 2}).build())
                .build());
        Node ack = nextAck();
        Map<String, Object> attrs = ack.attrs();
        assertThat(attrs.get("class")).isEqualTo(tag);
        assertThat(attrs.get("id")).isEqualTo("ID-" + tag);
        assertThat(attrs.get("to")).isInstanceOf(Jid.class).isEqualTo(GROUP);
        assertThat(attrs.get("participant")).isInstanceOf(Jid.class).isEqualTo(SENDER);
        assertThat(attrs.get("recipient")).isInstanceOf(Jid.class).isEqualTo(RECIPIENT);
        if (tag.equals("message")) {
            assertThat(attrs).doesNotContainKey("type");
        } else {
            assertThat(attrs.get("type")).isEqualTo("x");
        }
        assertThat(attrs).doesNotContainKeys("error", "t", "notify", "from");
        assertThat(ack.content()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"message", "appdata", "status", "receipt", "notification", "call"})
    void minimalAckHasOnlyClassIdAndTo(String tag) throws Exception {
        link.receive(
                Node.builder(tag).attr("id", "M-" + tag).attr("from", SENDER).build());
        Node ack = nextAck();
        assertThat(ack)
                .isEqualTo(Node.builder("ack")
                        .attr("class", tag)
                        .attr("id", "M-" + tag)
                        .attr("to", SENDER)
                        .build());
    }

    @Test
    void aStringFromStaysAString() throws Exception {
        link.receive(Node.builder("receipt")
                .attr("id", "R0")
                .attr("from", "15559876543@s.whatsapp.net")
                .build());
        assertThat(nextAck().attrs().get("to")).isEqualTo("15559876543@s.whatsapp.net");
    }

    @ParameterizedTest
    @ValueSource(strings = {"read", "retry", "played", "sender", "inactive", "none"})
    void receiptAcksCarryTheReceiptType(String type) throws Exception {
        link.receive(Node.builder("receipt")
                .attr("id", "R1")
                .attr("from", SENDER)
                .attr("type", type)
                .build());
        assertThat(nextAck().attrs()).containsEntry("class", "receipt").containsEntry("type", type);
    }

    @Test
    void notificationsAreAckedWhateverTheirType() throws Exception {
        link.receive(Node.builder("notification")
                .attr("id", "N1")
                .attr("from", Jid.SERVER_JID)
                .build());
        link.receive(Node.builder("notification")
                .attr("id", "N2")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "not-a-known-type")
                .build());
        link.receive(Node.builder("notification")
                .attr("id", "N3")
                .attr("from", GROUP)
                .attr("type", "w:gp2")
                .attr("participant", SENDER)
                .build());
        assertThat(nextAck().attrs()).containsOnlyKeys("class", "id", "to").containsEntry("id", "N1");
        assertThat(nextAck().attrs()).containsEntry("id", "N2").containsEntry("type", "not-a-known-type");
        assertThat(nextAck().attrs())
                .containsEntry("id", "N3")
                .containsEntry("participant", SENDER)
                .containsEntry("to", GROUP);
    }

    @Test
    void stanzasThatAreNeverAcked() throws Exception {
        link.receive(Node.builder("presence")
                .attr("id", "P1")
                .attr("from", SENDER)
                .attr("type", "available")
                .build());
        link.receive(Node.builder("chatstate")
                .attr("id", "C1")
                .attr("from", SENDER)
                .children(Node.of("composing"))
                .build());
        link.receive(Node.builder("ack")
                .attr("id", "A1")
                .attr("from", SENDER)
                .attr("class", "message")
                .build());
        link.receive(Node.builder("ib")
                .attr("id", "I1")
                .attr("from", Jid.SERVER_JID)
                .children(Node.builder("dirty").attr("type", "account_sync").build())
                .build());
        link.receive(Node.builder("iq")
                .attr("id", "Q1")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "get")
                .children(Node.of("ping"))
                .build());
        link.receive(Node.of("xmlstreamend"));
        link.receive(Node.builder("something-new")
                .attr("id", "U1")
                .attr("from", SENDER)
                .build());
        receiveMarker("MARK");
        assertThat(nextAck().attr("id")).contains("MARK");
        assertThat(link.sent).filteredOn(InboundAcksTest::isAck).hasSize(1);
        assertThat(link.isOpen()).isTrue();
    }

    @Test
    void stanzaWithoutIdOrFromIsSkippedAndTheNextOneHandled() throws Exception {
        link.receive(Node.builder("message").attr("from", SENDER).build());
        link.receive(Node.builder("receipt").attr("id", "R2").build());
        link.receive(Node.builder("notification")
                .attr("id", "")
                .attr("from", Jid.SERVER_JID)
                .build());
        link.receive(Node.builder("call")
                .attr("id", "C2")
                .attr("from", "")
                .children(Node.of("offer"))
                .build());
        link.receive(Node.of("status"));
        receiveMarker("AFTER");
        assertThat(nextAck().attr("id")).contains("AFTER");
        assertThat(link.sent).filteredOn(InboundAcksTest::isAck).hasSize(1);
        assertThat(link.isOpen()).isTrue();
        assertThat(h.client.isConnected()).isTrue();
    }

    @Test
    void statsCountMessagesReceiptsAndNotifications() throws Exception {
        assertThat(h.client.stats()).isEqualTo(new InboundStats(0, 0, 0));
        for (String tag : new String[] {"message", "appdata", "status", "message"}) {
            link.receive(Node.builder(tag)
                    .attr("id", "S-" + tag)
                    .attr("from", SENDER)
                    .build());
        }
        link.receive(
                Node.builder("receipt").attr("id", "S-r1").attr("from", SENDER).build());
        link.receive(Node.builder("receipt")
                .attr("id", "S-r2")
                .attr("from", SENDER)
                .attr("type", "read")
                .build());
        link.receive(Node.builder("notification")
                .attr("id", "S-n")
                .attr("from", Jid.SERVER_JID)
                .build());
        link.receive(Node.builder("presence").attr("from", SENDER).build());
        h.settle();
        assertThat(h.client.stats()).isEqualTo(new InboundStats(4, 2, 1));
        assertThat(link.sent).filteredOn(InboundAcksTest::isAck).hasSize(7);
    }
}
