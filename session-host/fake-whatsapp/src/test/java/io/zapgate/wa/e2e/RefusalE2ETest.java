package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.wa.client.WaConnectException;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.QrTimeout;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.noise.CertificateVerifier;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.InMemoryDeviceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Untrusted server certificate, wrong noise key, QR refs exhausted. */
class RefusalE2ETest {

    @Test
    void serverCertificateFromAnUntrustedRootIsRefused() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(
                        fake,
                        new InMemoryDeviceStore(),
                        b -> b.certificateValidator(
                                CertificateVerifier.trusting(KeyPair.generate().publicKey(), 0, Clock.systemUTC())))) {
            assertThatThrownBy(() -> e2e.client.connect().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(WaConnectException.class);
            ConnectAttemptFailed failed = e2e.await(ConnectAttemptFailed.class);
            assertThat(failed.cause()).isEqualTo(ConnectAttemptFailed.Cause.CERTIFICATE);
            assertThat(failed.willRetry()).isFalse();
            assertThat(e2e.all).noneMatch(e -> e instanceof QrCode);
        }
    }

    @Test
    void theRealWhatsAppRootDoesNotTrustTheFake() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(
                        fake, new InMemoryDeviceStore(), b -> b.certificateValidator(CertificateVerifier.whatsApp()))) {
            assertThatThrownBy(() -> e2e.client.connect().get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(WaConnectException.class);
            assertThat(e2e.await(ConnectAttemptFailed.class).cause()).isEqualTo(ConnectAttemptFailed.Cause.CERTIFICATE);
        }
    }

    @Test
    void wrongNoiseKeyIsRefused() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            Device paired;
            try (E2E first = new E2E(fake)) {
                first.linkByQr();
                paired = first.store.load().orElseThrow();
            }
            Device forged = Device.restore(
                    KeyPair.generate(),
                    paired.identityKey(),
                    paired.signedPreKey(),
                    paired.registrationId(),
                    paired.advSecretKey(),
                    paired.jid().orElseThrow(),
                    paired.lid().orElse(null),
                    paired.account().orElseThrow(),
                    paired.platform(),
                    "",
                    "");
            try (E2E thief = new E2E(fake, new InMemoryDeviceStore(forged), b -> b)) {
                thief.client.connect().get(20, TimeUnit.SECONDS);
                assertThat(thief.await(LoggedOut.class).reason()).isEqualTo(401);
                assertThat(thief.all).noneMatch(e -> e instanceof Connected);
            }
            assertThat(fake.phone().linkedDevices()).hasSize(1);
        }
    }

    @Test
    void qrRefsExhaustedGiveQrTimeout() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(
                        fake,
                        new InMemoryDeviceStore(),
                        b -> b.qrTimeouts(Duration.ofMillis(300), Duration.ofMillis(100)))) {
            e2e.client.connect().get(20, TimeUnit.SECONDS);
            e2e.await(QrTimeout.class);
            long codes = e2e.all.stream().filter(e -> e instanceof QrCode).count();
            assertThat(codes).isGreaterThanOrEqualTo(1);
            assertThat(e2e.all.stream()
                            .filter(e -> e instanceof QrCode)
                            .map(e -> ((QrCode) e).code())
                            .distinct()
                            .count())
                    .isEqualTo(codes);
            // After QrTimeout the client closes its socket itself; the fake sees the connection end.
            assertThat(fake.recordings().awaitUntil(r -> r.closedCount() >= 1, E2E.TIMEOUT))
                    .isTrue();
            assertThat(e2e.client.isConnected()).isFalse();
        }
    }
}
