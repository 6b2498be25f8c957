package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.Connected;
import org.junit.jupiter.api.Test;

class LoginFlowTest {

    @Test
    void successUploadsInitialPreKeysThenGoesActiveThenConnected() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        Jid newLid = Jid.ofAd("111222333", Jid.DOMAIN_LID, 3);
        link.receive(Node.builder("success")
                .attr("t", "1700000000")
                .attr("lid", newLid)
                .build());

        Node count = link.next(FakeLink.iq("encrypt"));
        assertThat(count.attr("type")).contains("get");
        assertThat(count.child("count")).isPresent();
        link.receive(
                FakeLink.result(count, Node.builder("count").attr("value", "0").build()));

        Node upload = link.next(FakeLink.iq("encrypt"));
        assertThat(upload.attr("type")).contains("set");
        assertThat(upload.child("list").orElseThrow().children()).hasSize(812);
        assertThat(upload.child("skey")
                        .orElseThrow()
                        .child("signature")
                        .flatMap(Node::contentBytes)
                        .orElseThrow())
                .hasSize(64);
        assertThat(upload.child("registration").flatMap(Node::contentBytes).orElseThrow())
                .hasSize(4);
        link.receive(FakeLink.result(upload));

        Node passive = link.next(FakeLink.iq("passive"));
        assertThat(passive.child("active")).isPresent();
        link.receive(FakeLink.result(passive));

        h.await(Connected.class);
        assertThat(h.preKeys.uploadedCount()).isEqualTo(812);
        assertThat(h.store.load().orElseThrow().lid()).contains(newLid);
        assertThat(h.client.isLoggedIn()).isTrue();
    }

    @Test
    void enoughPreKeysOnServerMeansNoUpload() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        h.preKeys.getOrGeneratePreKeys(10);
        h.preKeys.markUploaded(10);
        FakeLink link = h.connect();
        link.receive(Node.builder("success").attr("t", "1700000000").build());
        Node count = link.next(FakeLink.iq("encrypt"));
        link.receive(FakeLink.result(
                count, Node.builder("count").attr("value", "812").build()));
        Node passive = link.next(FakeLink.iq("passive"));
        link.receive(FakeLink.result(passive));
        h.await(Connected.class);
        assertThat(link.sent)
                .filteredOn(n -> n.attr("xmlns").filter("encrypt"::equals).isPresent())
                .hasSize(1);
    }

    @Test
    void lowServerCountUploadsFifty() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        h.preKeys.getOrGeneratePreKeys(10);
        h.preKeys.markUploaded(10);
        FakeLink link = h.connect();
        link.receive(Node.builder("success").build());
        Node count = link.next(FakeLink.iq("encrypt"));
        link.receive(
                FakeLink.result(count, Node.builder("count").attr("value", "3").build()));
        Node upload = link.next(FakeLink.iq("encrypt"));
        assertThat(upload.child("list").orElseThrow().children()).hasSize(50);
        link.receive(FakeLink.result(upload));
        link.receive(FakeLink.result(link.next(FakeLink.iq("passive"))));
        h.await(Connected.class);
        assertThat(h.preKeys.uploadedCount()).isEqualTo(60);
    }
}
