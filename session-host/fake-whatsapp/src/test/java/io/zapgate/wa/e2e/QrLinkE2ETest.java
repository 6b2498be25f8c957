package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import org.junit.jupiter.api.Test;

class QrLinkE2ETest {

    @Test
    void qrLinkThenConnectedWithHistoryDays() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(fake, new io.zapgate.wa.store.InMemoryDeviceStore(), b -> b.historyDays(45))) {
            LinkedDevice linked = e2e.linkByQr();
            var saved = e2e.store.load().orElseThrow();
            assertThat(saved.jid()).contains(linked.jid());
            assertThat(saved.noiseKey().publicKey()).isEqualTo(linked.noisePublicKey());
            assertThat(e2e.client.isLoggedIn()).isTrue();
            assertThat(fake.recordings().historyDays()).hasValue(45);
            assertThat(fake.recordings().requireFullSync()).isTrue();
            assertThat(fake.recordings().awaitUntil(r -> r.lastPreKeyUpload() == 812, E2E.TIMEOUT))
                    .isTrue();
            assertThat(fake.recordings().loginCount()).isEqualTo(1);
            assertThat(e2e.all).noneMatch(e -> e instanceof Disconnected);
        }
    }

    @Test
    void noHistoryDaysByDefault() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(fake)) {
            e2e.linkByQr();
            assertThat(fake.recordings().historyDays()).isEmpty();
        }
    }
}
