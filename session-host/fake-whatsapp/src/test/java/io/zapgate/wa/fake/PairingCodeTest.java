package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.AesGcm;
import io.zapgate.wa.crypto.Hkdf;
import io.zapgate.wa.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pairing by 8-character code (spec §5): the test plays the companion side of §5.1 steps 2–8. */
class PairingCodeTest {
    private static final String CODE = "YX573K9L";
    private final SecureRandom random = new SecureRandom();
    private final FakeWhatsApp fake = FakeWhatsApp.start();
    private final TestCompanion companion = new TestCompanion();
    private final KeyPair companionEphemeral = KeyPair.generate();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void codeEnteredOnPhoneLinksTheCompanionWithTheDerivedAdvSecret() throws Exception {
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(90))) {
            Flows.readRefs(client);
            String ref = companionHello(client);
            CompletableFuture<LinkedDevice> linked = fake.phone().enterPairingCode("yx57-3k9l");
            Node notification = client.next("notification");
            assertThat(notification.attr("type")).contains("link_code_companion_reg");
            Node reg = notification.child("link_code_companion_reg").orElseThrow();
            assertThat(reg.attr("stage")).contains("primary_hello");
            assertThat(text(reg, "link_code_pairing_ref")).isEqualTo(ref);
            assertThat(bytes(reg, "primary_identity_pub"))
                    .isEqualTo(fake.phone().identityPublicKey());
            Node finish = companionFinish(
                    ref,
                    bytes(reg, "primary_identity_pub"),
                    bytes(reg, "link_code_pairing_wrapped_primary_ephemeral_pub"));
            assertThat(client.query(finish).attr("type")).contains("result");
            LinkedDevice device = Flows.finishPairing(client, companion, linked);
            assertThat(device.noisePublicKey()).isEqualTo(companion.noiseKey.publicKey());
        }
        Flows.login(fake, companion).close();
        assertThat(fake.recordings().historyDays()).hasValue(90);
    }

    @Test
    void wrongCodeFailsThePairing() throws Exception {
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(1))) {
            Flows.readRefs(client);
            String ref = companionHello(client);
            CompletableFuture<LinkedDevice> linked = fake.phone().enterPairingCode("AAAA-BBBB");
            Node reg =
                    client.next("notification").child("link_code_companion_reg").orElseThrow();
            Node finish = companionFinish(
                    ref,
                    bytes(reg, "primary_identity_pub"),
                    bytes(reg, "link_code_pairing_wrapped_primary_ephemeral_pub"));
            assertThat(client.query(finish).attr("type")).contains("error");
            assertThatThrownBy(() -> linked.get(20, TimeUnit.SECONDS)).hasMessageContaining("wrong pairing code");
        }
        assertThat(fake.phone().linkedDevices()).isEmpty();
    }

    /** Spec §5.1 steps 3–5; returns the pairing ref. */
    private String companionHello(ScriptedClient client) throws Exception {
        byte[] wrapped = LinkCodeCrypto.wrap(CODE, companionEphemeral.publicKey(), random);
        Node hello = Node.builder("link_code_companion_reg")
                .attr("jid", Jid.of(FakeWhatsAppOptions.DEFAULT_PHONE, Jid.DEFAULT_USER_SERVER))
                .attr("stage", "companion_hello")
                .attr("should_show_push_notification", "true")
                .children(
                        Node.builder("link_code_pairing_wrapped_companion_ephemeral_pub")
                                .content(wrapped)
                                .build(),
                        Node.builder("companion_server_auth_key_pub")
                                .content(companion.noiseKey.publicKey())
                                .build(),
                        Node.builder("companion_platform_id").content("1").build(),
                        Node.builder("companion_platform_display")
                                .content("Chrome (Linux)")
                                .build(),
                        Node.builder("link_code_pairing_nonce")
                                .content(new byte[] {0})
                                .build())
                .build();
        Node result = client.query(TestCompanion.iq("lc-1", "md", "set", hello));
        return text(result.child("link_code_companion_reg").orElseThrow(), "link_code_pairing_ref");
    }

    /** Spec §5.1 steps 7–8: key bundle and the new adv secret (stored in the companion). */
    private Node companionFinish(String ref, byte[] primaryIdentity, byte[] wrappedPrimary) throws Exception {
        byte[] primaryEphemeral = LinkCodeCrypto.unwrap(CODE, wrappedPrimary);
        byte[] ephemeralShared = companionEphemeral.agree(primaryEphemeral);
        byte[] advRandom = randomBytes(32);
        byte[] bundleSalt = randomBytes(32);
        byte[] bundleNonce = randomBytes(12);
        byte[] bundleKey = Hkdf.derive(
                bundleSalt,
                ephemeralShared,
                "link_code_pairing_key_bundle_encryption_key".getBytes(StandardCharsets.US_ASCII),
                32);
        byte[] bundle = AesGcm.seal(
                bundleKey,
                bundleNonce,
                TestCompanion.concat(companion.identityKey.publicKey(), primaryIdentity, advRandom),
                null);
        byte[] identityShared = companion.identityKey.agree(primaryIdentity);
        companion.advSecret = Hkdf.derive(
                null,
                TestCompanion.concat(ephemeralShared, identityShared, advRandom),
                "adv_secret".getBytes(StandardCharsets.US_ASCII),
                32);
        Node finish = Node.builder("link_code_companion_reg")
                .attr("jid", Jid.of(FakeWhatsAppOptions.DEFAULT_PHONE, Jid.DEFAULT_USER_SERVER))
                .attr("stage", "companion_finish")
                .children(
                        Node.builder("link_code_pairing_wrapped_key_bundle")
                                .content(TestCompanion.concat(bundleSalt, bundleNonce, bundle))
                                .build(),
                        Node.builder("companion_identity_public")
                                .content(companion.identityKey.publicKey())
                                .build(),
                        Node.builder("link_code_pairing_ref")
                                .content(ref.getBytes(StandardCharsets.UTF_8))
                                .build())
                .build();
        return TestCompanion.iq("lc-2", "md", "set", finish);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] bytes(Node parent, String tag) {
        return parent.child(tag).orElseThrow().contentBytes().orElseThrow();
    }

    private static String text(Node parent, String tag) {
        return new String(bytes(parent, tag), StandardCharsets.UTF_8);
    }
}
