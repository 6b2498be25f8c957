package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.CallOffer;
import io.zapgate.wa.events.Connected;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CallsTest {
    private static final Jid CALLER_DEVICE = Jid.parse("15559876543:4@s.whatsapp.net");
    private static final Jid CALLER = Jid.parse("15559876543@s.whatsapp.net");

    private static void login(Harness h, FakeLink link) throws Exception {
        link.receive(Node.builder("success").build());
        link.receive(FakeLink.result(
                link.next(FakeLink.iq("encrypt")),
                Node.builder("count").attr("value", "100").build()));
        link.receive(FakeLink.result(link.next(FakeLink.iq("encrypt"))));
        link.receive(FakeLink.result(link.next(FakeLink.iq("passive"))));
        h.await(Connected.class);
    }

    private static Node call(String id, Node child) {
        return Node.builder("call")
                .attr("from", CALLER_DEVICE)
                .attr("id", id)
                .attr("t", "1700000000")
                .attr("platform", "android")
                .attr("version", "2.24.1")
                .children(child)
                .build();
    }

    private static Node offer(String callId, boolean video) {
        var children = new java.util.ArrayList<Node>();
        children.add(
                Node.builder("audio").attr("enc", "opus").attr("rate", "16000").build());
        if (video) {
            children.add(Node.builder("video").attr("enc", "vp8").build());
        }
        children.add(Node.builder("net").attr("medium", "3").build());
        return Node.builder("offer")
                .attr("call-id", callId)
                .attr("call-creator", CALLER_DEVICE)
                .children(children)
                .build();
    }

    private static boolean isAck(Node n) {
        return n.tag().equals("ack");
    }

    @Test
    void anOfferIsAcknowledgedAndBecomesAnEvent() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        login(h, link);
        link.receive(call("S1", offer("CA11", true)));
        CallOffer event = h.await(CallOffer.class);
        assertThat(event.from()).isEqualTo(CALLER_DEVICE);
        assertThat(event.callId()).isEqualTo("CA11");
        assertThat(event.callCreator()).isEqualTo(CALLER_DEVICE);
        assertThat(event.timestamp()).isEqualTo(Instant.ofEpochSecond(1700000000L));
        assertThat(event.isVideo()).isTrue();
        Node ack = link.next(CallsTest::isAck);
        assertThat(ack)
                .isEqualTo(Node.builder("ack")
                        .attr("id", "S1")
                        .attr("class", "call")
                        .attr("to", CALLER_DEVICE)
                        .build());
    }

    @Test
    void anAudioOfferIsNotVideo() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        login(h, link);
        link.receive(call("S2", offer("CA12", false)));
        assertThat(h.await(CallOffer.class).isVideo()).isFalse();
    }

    @Test
    void otherCallStanzasAreOnlyAcknowledged() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        login(h, link);
        Node terminate = Node.builder("call")
                .attr("from", CALLER_DEVICE)
                .attr("id", "S3")
                .attr("type", "x")
                .children(Node.builder("terminate")
                        .attr("call-id", "CA13")
                        .attr("call-creator", CALLER_DEVICE)
                        .attr("reason", "timeout")
                        .build())
                .build();
        link.receive(terminate);
        link.receive(
                call("S4", Node.builder("relaylatency").attr("call-id", "CA13").build()));
        link.receive(Node.builder("call")
                .attr("from", CALLER_DEVICE)
                .attr("id", "S5")
                .build());
        assertThat(link.next(CallsTest::isAck))
                .isEqualTo(Node.builder("ack")
                        .attr("id", "S3")
                        .attr("class", "call")
                        .attr("to", CALLER_DEVICE)
                        .attr("type", "x")
                        .build());
        assertThat(link.next(CallsTest::isAck).attr("id")).contains("S4");
        assertThat(link.next(CallsTest::isAck).attr("id")).contains("S5");
        h.settle();
        assertThat(h.allEvents).noneMatch(e -> e instanceof CallOffer);
    }

    @Test
    void rejectSendsWhatsmeowsRejectStanzaWithoutDeviceParts() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        login(h, link);
        h.client.rejectCall(CALLER_DEVICE, "CA14").get(10, TimeUnit.SECONDS);
        Node call = link.next(n -> n.tag().equals("call"));
        assertThat(call.attr("id")).hasValueSatisfying(id -> assertThat(id).matches("3EB0[0-9A-F]{18}"));
        assertThat(call.attrs().get("from")).isEqualTo(TestDevices.JID.toNonAd());
        assertThat(call.attrs().get("to")).isEqualTo(CALLER);
        assertThat(call.children())
                .containsExactly(Node.builder("reject")
                        .attr("call-id", "CA14")
                        .attr("call-creator", CALLER)
                        .attr("count", "0")
                        .build());
    }

    @Test
    void rejectNeedsLogin() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        h.connect();
        assertThat(h.client.rejectCall(CALLER, "CA15")).isCompletedExceptionally();
    }
}
