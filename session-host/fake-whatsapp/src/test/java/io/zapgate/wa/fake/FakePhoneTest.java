package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.transport.CloseReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The phone's controls: unlink, bans, 515, drop, replaced, and refusing bad pairings. */
class FakePhoneTest {
    private final FakeWhatsApp fake = FakeWhatsApp.start();
    private final TestCompanion companion = new TestCompanion();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void unlinkSendsDeviceRemovedAndForgetsTheDevice() throws Exception {
        Flows.pairByQr(fake, companion);
        try (ScriptedClient client = Flows.login(fake, companion)) {
            assertThat(fake.phone().unlink(companion.jid)).isTrue();
            Node error = client.next("stream:error");
            assertThat(error.attr("code")).contains("401");
            assertThat(error.child("conflict").flatMap(c -> c.attr("type"))).contains("device_removed");
            client.awaitClose();
        }
        assertThat(fake.phone().linkedDevices()).isEmpty();
        try (ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload())) {
            assertThat(client.next().attr("reason")).contains("401");
        }
    }

    @Test
    void temporaryBanFailsLiveConnectionAndNextLoginWith402AndExpiry() throws Exception {
        Flows.pairByQr(fake, companion);
        try (ScriptedClient client = Flows.login(fake, companion)) {
            fake.phone().ban(Duration.ofHours(1));
            Node failure = client.next("failure");
            assertThat(failure.attr("reason")).contains("402");
            client.awaitClose();
        }
        try (ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload())) {
            Node failure = client.next();
            assertThat(failure.attr("reason")).contains("402");
            assertThat(failure.attr("code")).contains("101");
            assertThat(Long.parseLong(failure.attr("expire").orElseThrow())).isBetween(3500L, 3600L);
        }
        fake.phone().unban();
        Flows.login(fake, companion).close();
    }

    @Test
    void permanentBanGives403() throws Exception {
        Flows.pairByQr(fake, companion);
        fake.phone().ban(null);
        try (ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload())) {
            assertThat(client.next().attr("reason")).contains("403");
        }
    }

    @Test
    void restart515AndDropCloseLiveConnectionsAndCountsThem() throws Exception {
        Flows.pairByQr(fake, companion);
        try (ScriptedClient client = Flows.login(fake, companion)) {
            assertThat(fake.phone().sendRestart515()).isEqualTo(1);
            assertThat(client.next("stream:error").attr("code")).contains("515");
            client.awaitClose();
        }
        try (ScriptedClient client = Flows.login(fake, companion)) {
            assertThat(fake.phone().dropSocket()).isEqualTo(1);
            CloseReason dropped = client.awaitClose();
            assertThat(dropped.statusCode()).isEqualTo(CloseReason.ABNORMAL_CLOSURE); // no close frame: 1006
            assertThat(dropped.initiator()).isEqualTo(CloseReason.Initiator.REMOTE);
        }
        assertThat(fake.recordings().loginCount()).isEqualTo(2);
    }

    @Test
    void secondLoginOfSameDeviceReplacesTheFirst() throws Exception {
        Flows.pairByQr(fake, companion);
        try (ScriptedClient first = Flows.login(fake, companion);
                ScriptedClient second = Flows.login(fake, companion)) {
            Node error = first.next("stream:error");
            assertThat(error.child("conflict").flatMap(c -> c.attr("type"))).contains("replaced");
            first.awaitClose();
            assertThat(second.query(TestCompanion.iq("p1", "w:p", "get")).attr("type"))
                    .contains("result");
        }
    }

    @Test
    void badDeviceSignatureFailsThePairingAndRegistersNothing() throws Exception {
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(7))) {
            List<String> refs = Flows.readRefs(client);
            CompletableFuture<LinkedDevice> linked = fake.phone().scanQr(companion.qr(refs.get(2)));
            Node reply = companion.answerPairSuccess(client.next("iq"));
            Node sign = reply.child("pair-device-sign")
                    .orElseThrow()
                    .child("device-identity")
                    .orElseThrow();
            byte[] tampered = sign.contentBytes().orElseThrow();
            tampered[tampered.length - 5] ^= 1;
            Node badSign = Node.builder("device-identity")
                    .attr("key-index", sign.attr("key-index").orElseThrow())
                    .content(tampered)
                    .build();
            client.send(Node.builder("iq")
                    .attr("to", Jid.SERVER_JID)
                    .attr("type", "result")
                    .attr("id", reply.attr("id").orElseThrow())
                    .children(Node.builder("pair-device-sign").children(badSign).build())
                    .build());
            assertThatThrownBy(() -> linked.get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(FakePairingException.class)
                    .hasMessageContaining("device signature");
        }
        assertThat(fake.phone().linkedDevices()).isEmpty();
    }

    @Test
    void scanningUnknownRefOrGarbageFails() {
        assertThatThrownBy(() -> fake.phone().scanQr(companion.qr("2@nope")).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FakePairingException.class)
                .hasMessageContaining("ref 2@nope");
        assertThatThrownBy(() -> fake.phone().scanQr("hello").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FakePairingException.class);
        assertThatThrownBy(() -> fake.phone().enterPairingCode("ABCD-EFGH").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FakePairingException.class);
    }

    @Test
    void qrWithAnotherNoiseKeyThanTheHandshakeIsRefused() throws Exception {
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(7))) {
            List<String> refs = Flows.readRefs(client);
            TestCompanion impostor = new TestCompanion();
            assertThatThrownBy(
                            () -> fake.phone().scanQr(impostor.qr(refs.get(0))).get(20, TimeUnit.SECONDS))
                    .hasMessageContaining("noise key");
        }
    }
}
