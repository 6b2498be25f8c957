package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handshake, registration, login and post-login IQs against the fake, driven by {@link ScriptedClient}. */
class FakeWhatsAppTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final FakeWhatsApp fake = FakeWhatsApp.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void listensOnLoopbackWithEphemeralPort() {
        assertThat(fake.wsUrl().toString()).matches("ws://127\\.0\\.0\\.1:\\d+/ws/chat");
        assertThat(fake.rootPublicKey()).hasSize(32);
        assertThat(fake.rootPublicKeyHex()).hasSize(64);
        assertThat(fake.rootSerial()).isZero();
    }

    @Test
    void registrationGetsPairDeviceWithSixRefsAndRecordsDeviceProps() throws Exception {
        TestCompanion companion = new TestCompanion();
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(45))) {
            Node iq = client.next();
            assertThat(iq.tag()).isEqualTo("iq");
            assertThat(iq.attrs().get("from")).isEqualTo(Jid.SERVER_JID);
            assertThat(iq.attr("type")).contains("set");
            assertThat(iq.attr("xmlns")).contains("md");
            List<Node> refs = iq.child("pair-device").orElseThrow().children("ref");
            assertThat(refs).hasSize(6);
            assertThat(refs)
                    .allSatisfy(r -> assertThat(r.contentString().orElseThrow()).startsWith("2@"));
        }
        assertThat(fake.recordings().registrationCount()).isEqualTo(1);
        assertThat(fake.recordings().historyDays()).hasValue(45);
        assertThat(fake.recordings().requireFullSync()).isTrue();
    }

    @Test
    void loginOfUnregisteredDeviceGets401AndIsClosed() throws Exception {
        try (ScriptedClient client = ScriptedClient.connect(
                fake, KeyPair.generate(), TestCompanion.loginPayload(FakeWhatsAppOptions.DEFAULT_PHONE, 3))) {
            Node failure = client.next();
            assertThat(failure.tag()).isEqualTo("failure");
            assertThat(failure.attr("reason")).contains("401");
            client.awaitClose();
        }
    }

    @Test
    void qrPairingThenLoginAnswersEveryIqThenLogoutMakesNextLoginFail() throws Exception {
        TestCompanion companion = new TestCompanion();
        LinkedDevice device = Flows.pairByQr(fake, companion);
        assertThat(device.jid()).isEqualTo(companion.jid);
        assertThat(device.jid().toString()).isEqualTo("15551234567:1@s.whatsapp.net");
        assertThat(companion.lid.toString()).isEqualTo("987654321012345:1@lid");
        assertThat(fake.phone().linkedDevices()).extracting(LinkedDevice::jid).containsExactly(device.jid());

        try (ScriptedClient client = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload())) {
            Node success = client.next();
            assertThat(success.tag()).isEqualTo("success");
            assertThat(success.attrs().get("lid")).isEqualTo(companion.lid);
            assertThat(client.query(TestCompanion.iq("1", "encrypt", "get", Node.of("count")))
                            .child("count")
                            .flatMap(c -> c.attr("value")))
                    .contains("0");
            Node keys = Node.builder("list").children(key(1), key(2), key(3)).build();
            assertThat(client.query(TestCompanion.iq("2", "encrypt", "set", keys))
                            .attr("type"))
                    .contains("result");
            assertThat(client.query(TestCompanion.iq("3", "encrypt", "get", Node.of("count")))
                            .child("count")
                            .flatMap(c -> c.attr("value")))
                    .contains("3");
            assertThat(client.query(TestCompanion.iq("4", "encrypt", "get", Node.of("digest")))
                            .child("digest"))
                    .isPresent();
            assertThat(client.query(TestCompanion.iq("5", "w:p", "get", Node.of("ping")))
                            .attr("type"))
                    .contains("result");
            assertThat(client.query(TestCompanion.iq("6", "passive", "set", Node.of("active")))
                            .attr("type"))
                    .contains("result");
            assertThat(client.query(TestCompanion.iq("7", "usync", "get")).attr("type"))
                    .contains("result");
            client.send(Node.builder("presence").attr("type", "available").build());
            Node remove = Node.builder("remove-companion-device")
                    .attr("jid", companion.jid)
                    .attr("reason", "user_initiated")
                    .build();
            assertThat(client.query(TestCompanion.iq("8", "md", "set", remove)).attr("type"))
                    .contains("result");
        }
        Recordings r = fake.recordings();
        assertThat(r.awaitUntil(rec -> rec.presences().size() == 1, WAIT)).isTrue();
        assertThat(r.loginCount()).isEqualTo(1);
        assertThat(r.lastPreKeyUpload()).isEqualTo(3);
        assertThat(r.logouts()).containsExactly(companion.jid);
        assertThat(r.iqs("encrypt")).hasSize(4);
        assertThat(fake.phone().linkedDevices()).isEmpty();

        try (ScriptedClient again = ScriptedClient.connect(fake, companion.noiseKey, companion.loginPayload())) {
            assertThat(again.next().attr("reason")).contains("401");
        }
    }

    @Test
    void loginWithAnotherNoiseKeyThanAtPairingGets401() throws Exception {
        TestCompanion companion = new TestCompanion();
        Flows.pairByQr(fake, companion);
        try (ScriptedClient client = ScriptedClient.connect(fake, KeyPair.generate(), companion.loginPayload())) {
            Node failure = client.next();
            assertThat(failure.tag()).isEqualTo("failure");
            assertThat(failure.attr("reason")).contains("401");
        }
        assertThat(fake.recordings().connectionCount()).isEqualTo(2);
    }

    private static Node key(int id) {
        return Node.builder("key")
                .children(
                        Node.builder("id").content(new byte[] {0, 0, (byte) id}).build(),
                        Node.builder("value")
                                .content(KeyPair.generate().publicKey())
                                .build())
                .build();
    }
}
