package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reusable scripted flows against the fake. */
final class Flows {
    private Flows() {}

    /** The refs of a pair-device IQ, after acknowledging it like a client does. */
    static List<String> readRefs(ScriptedClient client) throws Exception {
        Node iq = client.next("iq");
        Node pairDevice = iq.child("pair-device").orElseThrow();
        client.send(Node.builder("iq")
                .attr("type", "result")
                .attr("id", iq.attr("id").orElseThrow())
                .build());
        return pairDevice.children("ref").stream()
                .map(r -> new String(r.contentBytes().orElseThrow(), StandardCharsets.UTF_8))
                .toList();
    }

    /** QR pairing end to end (spec §4.1); returns the linked device. The companion learns its jid/lid. */
    static LinkedDevice pairByQr(FakeWhatsApp fake, TestCompanion companion) throws Exception {
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(30))) {
            List<String> refs = readRefs(client);
            CompletableFuture<LinkedDevice> linked = fake.phone().scanQr(companion.qr(refs.get(0)));
            return finishPairing(client, companion, linked);
        }
    }

    /** Answers pair-success, expects the 515 and the close. */
    static LinkedDevice finishPairing(
            ScriptedClient client, TestCompanion companion, CompletableFuture<LinkedDevice> linked) throws Exception {
        Node pairSuccess = client.next("iq");
        client.send(companion.answerPairSuccess(pairSuccess));
        Node restart = client.next("stream:error");
        assertThat(restart.attr("code")).contains("515");
        client.awaitClose();
        return linked.get(ScriptedClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Logs in and sets the connection active like a real client ({@code <iq xmlns="passive" type="set">
     * <active/></iq>}); the offline burst follows the answer and is left unread.
     */
    static ScriptedClient loginActive(FakeWhatsApp fake, TestCompanion companion) throws Exception {
        ScriptedClient client = login(fake, companion);
        Node result = client.query(TestCompanion.iq("active-1", "passive", "set", Node.of("active")));
        assertThat(result.attr("type")).contains("result");
        return client;
    }

    /**
     * Reads one offline delivery: {@code <ib><offline_preview count …/></ib>}, the stanzas, then
     * {@code <ib><offline count/></ib>} with the same count; returns the stanzas.
     */
    static List<Node> readBurst(ScriptedClient client) throws Exception {
        Node preview = client.next();
        assertThat(preview.tag()).as("first after active: %s", preview).isEqualTo("ib");
        int count = Integer.parseInt(
                preview.child("offline_preview").orElseThrow().attr("count").orElseThrow());
        List<Node> stanzas = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            stanzas.add(client.next());
        }
        Node done = client.next();
        assertThat(done.child("offline").flatMap(o -> o.attr("count")))
                .as("%s", done)
                .contains(String.valueOf(count));
        return stanzas;
    }

    /**
     * The ack a correct client sends, written from whatsmeow {@code receipt.go} {@code sendAck}: class = tag, id,
     * to = from, participant and recipient copied when present, type copied unless the stanza is a message.
     */
    static Node ackFor(Node stanza) {
        var ack = Node.builder("ack")
                .attr("class", stanza.tag())
                .attr("id", stanza.attrs().get("id"))
                .attr("to", stanza.attrs().get("from"))
                .attr("participant", stanza.attrs().get("participant"))
                .attr("recipient", stanza.attrs().get("recipient"));
        if (!stanza.tag().equals("message")) {
            ack.attr("type", stanza.attrs().get("type"));
        }
        return ack.build();
    }

    /** Acks every stanza correctly. */
    static void ackAll(ScriptedClient client, List<Node> stanzas) throws Exception {
        for (Node stanza : stanzas) {
            client.send(ackFor(stanza));
        }
    }

    /** The ids of the stanzas, in order. */
    static List<String> ids(List<Node> stanzas) {
        return stanzas.stream().map(n -> n.attr("id").orElseThrow()).toList();
    }

    /** Logs in and expects {@code <success>}. */
    static ScriptedClient login(FakeWhatsApp fake, TestCompanion companion) throws Exception {
        ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload());
        Node success = client.next();
        assertThat(success.tag()).as("login answer %s", success).isEqualTo("success");
        return client;
    }
}
