package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <notification type="encrypt">} from the server tops up pre-keys like whatsmeow {@code prekeys.go}. */
class PreKeyTopUpTest {
    private static final Jid CONTACT = Jid.of("15559876543", Jid.DEFAULT_USER_SERVER);

    private static Node encrypt(String id, Jid from, Node... children) {
        return Node.builder("notification")
                .attr("id", id)
                .attr("from", from)
                .attr("type", "encrypt")
                .attr("t", "1700000000")
                .children(children)
                .build();
    }

    private static Node count(String value) {
        return Node.builder("count").attr("value", value).build();
    }

    private static boolean isUpload(Node node) {
        return FakeLink.iq("encrypt").test(node)
                && node.attr("type").filter("set"::equals).isPresent();
    }

    private static int firstKeyId(Node upload) {
        byte[] id = upload.child("list")
                .orElseThrow()
                .children()
                .get(0)
                .child("id")
                .orElseThrow()
                .contentBytes()
                .orElseThrow();
        return ((id[0] & 0xFF) << 16) | ((id[1] & 0xFF) << 8) | (id[2] & 0xFF);
    }

    @Test
    void lowCountUploadsFiftyAfterTheAck() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        h.preKeys.getOrGeneratePreKeys(10);
        h.preKeys.markUploaded(10);
        FakeLink link = h.connect();
        link.receive(encrypt("E1", Jid.SERVER_JID, count("3")));
        Node ack = link.next(n -> n.tag().equals("ack"));
        assertThat(ack)
                .isEqualTo(Node.builder("ack")
                        .attr("class", "notification")
                        .attr("id", "E1")
                        .attr("to", Jid.SERVER_JID)
                        .attr("type", "encrypt")
                        .build());
        Node upload = link.next(PreKeyTopUpTest::isUpload);
        assertThat(upload.child("list").orElseThrow().children()).hasSize(PreKeyUpload.WANTED_COUNT);
        assertThat(firstKeyId(upload)).isEqualTo(11);
        assertThat(upload.child("skey")).isPresent();
        link.receive(FakeLink.result(upload));

        // A second low count waits for the first upload to be marked, so it claims the next 50 ids.
        link.receive(encrypt("E2", Jid.SERVER_JID, count("0")));
        Node second = link.next(PreKeyTopUpTest::isUpload);
        assertThat(firstKeyId(second)).isEqualTo(61);
        link.receive(FakeLink.result(second));
        assertThat(link.sent).filteredOn(n -> FakeLink.iq("encrypt").test(n)).allMatch(PreKeyTopUpTest::isUpload);
    }

    /** Runs everything inline, so whatever the notification starts has happened when receive returns. */
    private static Harness inline() {
        return new Harness(TestDevices.paired(), b -> b.executor(Runnable::run));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "6", "50", "812", "", "many"})
    void enoughOrUnreadableCountUploadsNothing(String value) throws Exception {
        Harness h = inline();
        FakeLink link = h.connect();
        AtomicInteger uploads = new AtomicInteger();
        link.onSend = n -> {
            if (FakeLink.iq("encrypt").test(n)) {
                uploads.incrementAndGet();
                throw new IllegalStateException("unexpected pre-key request");
            }
        };
        link.receive(encrypt("E3", Jid.SERVER_JID, count(value)));
        link.receive(encrypt("E4", Jid.SERVER_JID));
        assertThat(uploads).hasValue(0);
        assertThat(link.sent).extracting(n -> n.attr("id").orElse("")).containsExactly("E3", "E4");
        assertThat(link.sent).allMatch(n -> n.tag().equals("ack"));
    }

    @Test
    void identityChangeOfAContactIsOnlyAcked() throws Exception {
        Harness h = inline();
        FakeLink link = h.connect();
        AtomicInteger uploads = new AtomicInteger();
        link.onSend = n -> {
            if (FakeLink.iq("encrypt").test(n)) {
                uploads.incrementAndGet();
                throw new IllegalStateException("unexpected pre-key request");
            }
        };
        link.receive(encrypt("E5", CONTACT, Node.of("identity")));
        link.receive(encrypt("E6", CONTACT, count("0"))); // a count only counts from the server
        assertThat(uploads).hasValue(0);
        assertThat(link.sent).extracting(n -> n.attrs().get("to")).containsExactly(CONTACT, CONTACT);
    }

    @Test
    void countParsing() {
        assertThat(Notifications.preKeyCount(encrypt("x", Jid.SERVER_JID, count("4"))))
                .hasValue(4);
        assertThat(Notifications.preKeyCount(encrypt("x", Jid.SERVER_JID, count(" 0 "))))
                .hasValue(0);
        assertThat(Notifications.preKeyCount(encrypt("x", Jid.SERVER_JID, count("four"))))
                .isEmpty();
        assertThat(Notifications.preKeyCount(encrypt("x", Jid.SERVER_JID))).isEqualTo(OptionalInt.empty());
    }
}
