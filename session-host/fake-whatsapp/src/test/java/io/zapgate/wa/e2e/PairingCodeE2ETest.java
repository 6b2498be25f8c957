package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.PairingCode;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PairingCodeE2ETest {

    @Test
    void pairingCodeLinkThenConnected() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(fake)) {
            e2e.client.connect().get(20, TimeUnit.SECONDS);
            e2e.await(QrCode.class);
            String code = e2e.client
                    .requestPairingCode("+" + fake.phone().phoneNumber())
                    .get(30, TimeUnit.SECONDS);
            assertThat(code).matches("[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}");
            assertThat(e2e.await(PairingCode.class).code()).isEqualTo(code);
            var linked = fake.phone().enterPairingCode(code).get(30, TimeUnit.SECONDS);
            assertThat(e2e.await(PairSuccess.class).jid()).isEqualTo(linked.jid());
            e2e.await(Connected.class);
            assertThat(e2e.store.load().orElseThrow().jid()).contains(linked.jid());
        }
    }
}
