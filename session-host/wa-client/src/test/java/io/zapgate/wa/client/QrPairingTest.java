package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.QrTimeout;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class QrPairingTest {

    @Test
    void qrStringHasTheCurrentFormat() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        link.receive(pairDevice("pd1", "2@ref1", "2@ref2"));
        QrCode qr = h.await(QrCode.class);
        var device = h.client.device();
        Base64.Encoder b64 = Base64.getEncoder();
        assertThat(qr.code())
                .isEqualTo("https://wa.me/settings/linked_devices#2@ref1,"
                        + b64.encodeToString(device.noiseKey().publicKey()) + ","
                        + b64.encodeToString(device.identityKey().publicKey()) + ","
                        + b64.encodeToString(device.advSecretKey()) + ",1");
        assertThat(qr.toString()).doesNotContain("ref1");
        var ack = link.next(n -> n.tag().equals("iq"));
        assertThat(ack.attr("type")).contains("result");
        assertThat(ack.attr("id")).contains("pd1");
    }

    @Test
    void rotatesAfter60ThenEvery20SecondsThenTimesOut() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        Instant start = h.time.instant();
        link.receive(pairDevice("pd1", "2@a", "2@b", "2@c"));
        QrCode first = h.await(QrCode.class);
        assertThat(first.code()).contains("#2@a,");
        assertThat(first.expiresAt()).isEqualTo(start.plusSeconds(60));

        h.settle();
        h.time.advance(Duration.ofSeconds(59));
        h.settle();
        assertThat(h.events).noneMatch(e -> e instanceof QrCode);
        h.time.advance(Duration.ofSeconds(1));
        QrCode second = h.await(QrCode.class);
        assertThat(second.code()).contains("#2@b,");
        assertThat(second.expiresAt()).isEqualTo(start.plusSeconds(80));

        h.settle();
        h.time.advance(Duration.ofSeconds(20));
        QrCode third = h.await(QrCode.class);
        assertThat(third.code()).contains("#2@c,");
        assertThat(third.expiresAt()).isEqualTo(start.plusSeconds(100));

        h.settle();
        h.time.advance(Duration.ofSeconds(20));
        h.await(QrTimeout.class);
        h.settle();
        assertThat(link.closedExpected).isTrue();
        assertThat(h.client.isConnected()).isFalse();
    }

    @Test
    void honoursConfiguredTimeouts() throws Exception {
        Harness h = new Harness(null, b -> b.qrTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)));
        FakeLink link = h.connect();
        link.receive(pairDevice("pd1", "2@a"));
        QrCode only = h.await(QrCode.class);
        assertThat(only.expiresAt()).isEqualTo(h.time.instant().plusSeconds(5));
        h.settle();
        h.time.advance(Duration.ofSeconds(5));
        h.await(QrTimeout.class);
    }

    /** The server's {@code pair-device} stanza with {@code refs} (spec §4.1). */
    private static Node pairDevice(String id, String... refs) {
        Node[] children = new Node[refs.length];
        for (int i = 0; i < refs.length; i++) {
            children[i] = Node.builder("ref")
                    .content(refs[i].getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .build();
        }
        return Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "set")
                .attr("id", id)
                .attr("xmlns", "md")
                .children(Node.builder("pair-device").children(children).build())
                .build();
    }
}
