package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WaClientTest {

    private static void login(Harness h, FakeLink link) throws Exception {
        link.receive(Node.builder("success").build());
        link.receive(FakeLink.result(
                link.next(FakeLink.iq("encrypt")),
                Node.builder("count").attr("value", "100").build()));
        link.receive(FakeLink.result(link.next(FakeLink.iq("encrypt"))));
        link.receive(FakeLink.result(link.next(FakeLink.iq("passive"))));
        h.await(Connected.class);
    }

    @Test
    void logoutWaitsForTheServerThenWipes() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        login(h, link);
        var done = h.client.logout();
        Node remove = link.next(FakeLink.iq("md"));
        Node child = remove.child("remove-companion-device").orElseThrow();
        assertThat(child.jidAttr("jid")).contains(TestDevices.JID);
        assertThat(child.attr("reason")).contains("user_initiated");
        assertThat(h.store.load()).isPresent();
        link.receive(FakeLink.result(remove));
        done.get(10, TimeUnit.SECONDS);
        assertThat(h.store.load()).isEmpty();
        assertThat(link.closedExpected).isTrue();
        h.settle();
        assertThat(h.allEvents).noneMatch(e -> e instanceof Disconnected);
    }

    @Test
    void disconnectDoesNotReconnect() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        h.client.disconnect();
        h.settle();
        h.time.advance(Duration.ofMinutes(10));
        h.settle();
        assertThat(link.closedExpected).isTrue();
        assertThat(h.links).hasSize(1);
        assertThat(h.allEvents).noneMatch(e -> e instanceof Disconnected);
    }

    @Test
    void presenceNeedsLogin() throws Exception {
        Harness h = new Harness(TestDevices.paired().withPushName("Zap"));
        FakeLink link = h.connect();
        assertThat(h.client.sendPresence(Presence.AVAILABLE)).isCompletedExceptionally();
        login(h, link);
        h.client.sendPresence(Presence.AVAILABLE).get(10, TimeUnit.SECONDS);
        Node presence = link.next(n -> n.tag().equals("presence"));
        assertThat(presence.attr("type")).contains("available");
        assertThat(presence.attr("name")).contains("Zap");
    }

    @Test
    void droppedUnpairedConnectionDoesNotReconnect() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        link.close(false);
        assertThat(h.await(Disconnected.class).willReconnect()).isFalse();
    }

    @Test
    void prepareReadsTheSavedDeviceAheadWithoutOpeningOrWritingAnything() throws Exception {
        Harness h = new Harness(TestDevices.paired());

        h.client.prepare().get(10, TimeUnit.SECONDS);
        h.store.delete(); // what the store says from now on is not read again: the device was read ahead

        assertThat(h.client.device().jid()).contains(TestDevices.JID);
        assertThat(h.links).isEmpty();
        assertThat(h.store.saveCount()).isZero();
        FakeLink link = h.connect();
        assertThat(link).isNotNull();
        assertThat(h.client.device().jid()).contains(TestDevices.JID);
    }
}
