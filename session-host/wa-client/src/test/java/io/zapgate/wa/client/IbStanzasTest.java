package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.OfflineSyncCompleted;
import io.zapgate.wa.events.OfflineSyncPreview;
import io.zapgate.wa.events.QrScannedWithoutMultidevice;
import org.junit.jupiter.api.Test;

/** {@code <ib>} children become events like whatsmeow {@code handleIB}; none of them is acknowledged. */
class IbStanzasTest {

    private static Node ib(Node... children) {
        return Node.builder("ib")
                .attr("from", Jid.SERVER_JID)
                .children(children)
                .build();
    }

    @Test
    void offlinePreviewCarriesEveryCount() {
        Node preview = Node.builder("offline_preview")
                .attr("count", "42")
                .attr("appdata", "1")
                .attr("message", "30")
                .attr("notification", "4")
                .attr("receipt", "7")
                .build();
        assertThat(IbStanzas.events(ib(preview))).containsExactly(new OfflineSyncPreview(42, 1, 30, 4, 7));
    }

    @Test
    void missingOrUnreadableCountsAreZero() {
        Node preview = Node.builder("offline_preview").attr("count", "many").build();
        assertThat(IbStanzas.events(ib(preview, Node.of("offline"))))
                .containsExactly(new OfflineSyncPreview(0, 0, 0, 0, 0), new OfflineSyncCompleted(0));
    }

    @Test
    void offlineCompletes() {
        assertThat(IbStanzas.events(
                        ib(Node.builder("offline").attr("count", "42").build())))
                .containsExactly(new OfflineSyncCompleted(42));
    }

    @Test
    void downgradeWebclient() {
        assertThat(IbStanzas.events(ib(Node.of("downgrade_webclient"))))
                .containsExactly(new QrScannedWithoutMultidevice());
    }

    @Test
    void dirtyAndUnknownChildrenAreOnlyLogged() {
        Node dirty = Node.builder("dirty")
                .attr("type", "account_sync")
                .attr("timestamp", "1700000000")
                .build();
        assertThat(IbStanzas.events(ib(dirty, Node.of("edge_routing"), Node.of("whatever"))))
                .isEmpty();
        assertThat(IbStanzas.events(Node.of("ib"))).isEmpty();
        assertThat(IbStanzas.events(Node.builder("ib").content("text").build())).isEmpty();
    }

    @Test
    void eventsArriveInChildOrderAndNothingIsAcked() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        link.receive(Node.builder("ib")
                .attr("id", "IB1")
                .attr("from", Jid.SERVER_JID)
                .children(Node.builder("offline_preview")
                        .attr("count", "3")
                        .attr("message", "2")
                        .attr("receipt", "1")
                        .build())
                .build());
        link.receive(ib(Node.builder("dirty").attr("type", "groups").build()));
        link.receive(ib(Node.builder("offline").attr("count", "3").build()));
        assertThat(h.await(OfflineSyncPreview.class)).isEqualTo(new OfflineSyncPreview(3, 0, 2, 0, 1));
        assertThat(h.await(OfflineSyncCompleted.class).count()).isEqualTo(3);
        h.settle();
        assertThat(link.sent).noneMatch(n -> n.tag().equals("ack"));
    }
}
