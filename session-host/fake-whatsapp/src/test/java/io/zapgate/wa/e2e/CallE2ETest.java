package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.events.CallOffer;
import io.zapgate.wa.fake.FakePhone;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real client gets a call from the fake phone, acknowledges it and rejects it. */
class CallE2ETest {

    @Test
    void anOfferedCallIsAcknowledgedAndRejected() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                E2E e2e = new E2E(fake)) {
            LinkedDevice device = e2e.linkByQr();
            String callId = fake.phone().callDevice(device, false);
            CallOffer offer = e2e.await(CallOffer.class);
            assertThat(offer.callId()).isEqualTo(callId);
            assertThat(offer.from()).isEqualTo(FakePhone.DEFAULT_CALLER);
            assertThat(offer.callCreator()).isEqualTo(FakePhone.DEFAULT_CALLER);
            assertThat(offer.isVideo()).isFalse();
            assertThat(fake.recordings()
                            .awaitUntil(
                                    r -> r.received().stream()
                                            .anyMatch(n -> n.tag().equals("ack")
                                                    && n.attr("class")
                                                            .filter("call"::equals)
                                                            .isPresent()),
                                    Duration.ofSeconds(20)))
                    .isTrue();

            e2e.client.rejectCall(offer.from(), offer.callId()).get(20, TimeUnit.SECONDS);
            assertThat(fake.recordings().awaitUntil(r -> r.callRejects().contains(callId), Duration.ofSeconds(20)))
                    .isTrue();
            var reject = fake.recordings().received().stream()
                    .filter(n -> n.tag().equals("call"))
                    .findFirst()
                    .orElseThrow();
            assertThat(reject.attrs().get("to")).isEqualTo(FakePhone.DEFAULT_CALLER);
            assertThat(reject.attrs().get("from")).isEqualTo(device.jid().toNonAd());
        }
    }
}
