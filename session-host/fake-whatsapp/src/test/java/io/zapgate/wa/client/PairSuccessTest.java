package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.XEdDsa;
import io.zapgate.wa.events.PairError;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.proto.ADVSignedDeviceIdentity;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The client's handling of pair-success (wa-client's {@code PairVerifier}, {@code WaClient}) against the phone's
 * signing of the fake ({@link PhoneSim} over {@code AdvSigner}). It lives in fake-whatsapp's test tree because
 * wa-client cannot depend on the fake (the fake depends on wa-client); it uses wa-client's test harness.
 */
class PairSuccessTest {
    private final PhoneSim phone = new PhoneSim();

    @Test
    void validPairSuccessSavesTheDeviceBeforeSigning() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        var device = h.client.device();
        AtomicBoolean savedBeforeSign = new AtomicBoolean();
        link.onSend = node -> {
            if (node.child("pair-device-sign").isPresent()) {
                savedBeforeSign.set(h.store.load().map(d -> d.isPaired()).orElse(false));
            }
        };
        byte[] container = phone.container(device.identityKey().publicKey(), device.advSecretKey(), false);
        link.receive(phone.pairSuccess("ps1", container));

        PairSuccess success = h.await(PairSuccess.class);
        assertThat(success.jid()).isEqualTo(PhoneSim.JID);
        assertThat(success.lid()).contains(PhoneSim.LID);
        assertThat(success.platform()).isEqualTo("android");
        assertThat(savedBeforeSign).isTrue();

        Node reply = link.next(n -> n.child("pair-device-sign").isPresent());
        assertThat(reply.attr("type")).contains("result");
        assertThat(reply.attr("id")).contains("ps1");
        Node identity = reply.child("pair-device-sign")
                .orElseThrow()
                .child("device-identity")
                .orElseThrow();
        assertThat(identity.attr("key-index")).contains("2");
        var signed = ADVSignedDeviceIdentity.parseFrom(identity.contentBytes().orElseThrow());
        assertThat(signed.hasAccountSignatureKey()).isFalse();
        byte[] message = io.zapgate.wa.crypto.Bytes.concat(
                new byte[] {6, 1},
                signed.getDetails().toByteArray(),
                device.identityKey().publicKey(),
                phone.identity.publicKey());
        assertThat(XEdDsa.verify(
                        device.identityKey().publicKey(),
                        message,
                        signed.getDeviceSignature().toByteArray()))
                .isTrue();

        var saved = h.store.load().orElseThrow();
        assertThat(saved.jid()).contains(PhoneSim.JID);
        assertThat(saved.lid()).contains(PhoneSim.LID);
        assertThat(ADVSignedDeviceIdentity.parseFrom(saved.account().orElseThrow())
                        .getAccountSignatureKey()
                        .toByteArray())
                .isEqualTo(phone.identity.publicKey());
    }

    @Test
    void badHmacIsRefused() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        var device = h.client.device();
        byte[] container = phone.container(device.identityKey().publicKey(), new byte[32], false);
        link.receive(phone.pairSuccess("ps1", container));

        assertThat(h.await(PairError.class).reason()).isEqualTo("hmac-mismatch");
        Node error = link.next(n -> n.attr("type").filter("error"::equals).isPresent());
        assertThat(error.child("error").orElseThrow().attr("code")).contains("401");
        assertThat(link.sent).noneMatch(n -> n.child("pair-device-sign").isPresent());
        assertThat(h.store.load()).isEmpty();
        h.settle();
        assertThat(link.closedExpected).isTrue();
    }

    @Test
    void badAccountSignatureIsRefused() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        var device = h.client.device();
        byte[] container = phone.container(device.identityKey().publicKey(), device.advSecretKey(), true);
        link.receive(phone.pairSuccess("ps1", container));

        assertThat(h.await(PairError.class).reason()).isEqualTo("signature-mismatch");
        assertThat(link.sent).noneMatch(n -> n.child("pair-device-sign").isPresent());
        assertThat(h.store.load()).isEmpty();
    }

    @Test
    void identitySignedForAnotherCompanionIsRefused() throws Exception {
        Harness h = new Harness(null);
        FakeLink link = h.connect();
        var device = h.client.device();
        byte[] container = phone.container(new byte[32], device.advSecretKey(), false);
        link.receive(phone.pairSuccess("ps1", container));
        assertThat(h.await(PairError.class).reason()).isEqualTo("signature-mismatch");
    }

    @Test
    void aPairSuccessHandledAfterADisconnectIsCancelledSavingAndSigningNothing() throws Exception {
        java.util.concurrent.LinkedBlockingQueue<Runnable> tasks = new java.util.concurrent.LinkedBlockingQueue<>();
        Harness h = new Harness(null, b -> b.executor(tasks::add));
        FakeLink link = h.connect();
        var device = h.client.device();
        byte[] container = phone.container(device.identityKey().publicKey(), device.advSecretKey(), false);
        link.receive(phone.pairSuccess("ps1", container));
        // route the stanza only: the pair-success handler is now queued, not run
        for (int n = tasks.size(); n > 0; n--) {
            tasks.poll().run();
        }
        h.client.disconnect(); // e.g. a logout of the instance while its QR was shown
        for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
            task.run();
        }
        assertThat(h.store.saveCount()).isZero();
        assertThat(h.store.load()).isEmpty();
        assertThat(link.sent).noneMatch(n -> n.child("pair-device-sign").isPresent());
        assertThat(h.allEvents).noneMatch(e -> e instanceof PairSuccess);
        assertThat(h.allEvents).contains(new PairError("disconnected"));
    }
}
