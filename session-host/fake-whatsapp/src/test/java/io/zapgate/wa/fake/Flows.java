package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reusable scripted flows against the fake. */
final class Flows {
    private Flows() {
    }

    /** The refs of a pair-device IQ, after acknowledging it like a client does. */
    static List<String> readRefs(ScriptedClient client) throws Exception {
        Node iq = client.next("iq");
        Node pairDevice = iq.child("pair-device").orElseThrow();
        client.send(Node.builder("iq").attr("type", "result").attr("id", iq.attr("id").orElseThrow()).build());
        return pairDevice.children("ref").stream()
                .map(r -> new String(r.contentBytes().orElseThrow(), StandardCharsets.UTF_8)).toList();
    }

    /** QR pairing end to end (spec §4.1); returns the linked device. The companion learns its jid/lid. */
    static LinkedDevice pairByQr(FakeWhatsApp fake, TestCompanion companion) throws Exception {
        try (ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey,
                companion.registrationPayload(30))) {
            List<String> refs = readRefs(client);
            CompletableFuture<LinkedDevice> linked = fake.phone().scanQr(companion.qr(refs.get(0)));
            return finishPairing(client, companion, linked);
        }
    }

    /** Answers pair-success, expects the 515 and the close. */
    static LinkedDevice finishPairing(ScriptedClient client, TestCompanion companion,
            CompletableFuture<LinkedDevice> linked) throws Exception {
        Node pairSuccess = client.next("iq");
        client.send(companion.answerPairSuccess(pairSuccess));
        Node restart = client.next("stream:error");
        assertThat(restart.attr("code")).contains("515");
        client.awaitClose();
        return linked.get(ScriptedClient.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Logs in and expects {@code <success>}. */
    static ScriptedClient login(FakeWhatsApp fake, TestCompanion companion) throws Exception {
        ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload());
        Node success = client.next();
        assertThat(success.tag()).as("login answer %s", success).isEqualTo("success");
        return client;
    }
}
