package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.fake.DeliveryRecordings;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.FakeWhatsAppOptions;
import io.zapgate.wa.fake.LinkedDevice;
import io.zapgate.wa.fake.PushKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The real client acks what the server pushes, as whatsmeow does ({@code receipt.go} {@code sendAck}): the
 * offline burst after login and stanzas pushed later, each within the (short) deadline, with the right
 * {@code class}, {@code participant} and {@code type}; so the fake never ends the stream with
 * {@code <stream:error><ack/></stream:error>}.
 */
class DeliveryAckE2ETest {
    private static final FakeWhatsAppOptions STRICT = FakeWhatsAppOptions.defaults()
            .withAckDeadline(Duration.ofSeconds(2));

    @Test
    void theOfflineBurstIsAckedInTime() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start(STRICT); E2E e2e = new E2E(fake)) {
            e2e.linkByQr();
            DeliveryRecordings d = fake.recordings().delivery();
            assertThat(fake.recordings().awaitUntil(r -> d.ackDeadlineChecks() >= PushKind.DEFAULT_BURST.size()
                    || !d.ackStreamErrors().isEmpty(), E2E.TIMEOUT)).isTrue();
            assertThat(d.acksWrong()).isEmpty();
            assertThat(d.ackStreamErrors()).isEmpty();
            assertThat(d.acksOk()).isEqualTo(PushKind.DEFAULT_BURST.size());
        }
    }

    @Test
    void everyKindPushedLaterIsAckedAndTheConnectionStays() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start(STRICT.withOfflineBurst(false)); E2E e2e = new E2E(fake)) {
            LinkedDevice device = e2e.linkByQr();
            DeliveryRecordings d = fake.recordings().delivery();
            assertThat(fake.isActive(device.device())).as("Connected follows the answer to <active/>").isTrue();
            for (PushKind kind : PushKind.values()) {
                fake.phone().push(device.jid(), kind);
            }
            int pushed = PushKind.values().length;
            assertThat(fake.recordings().awaitUntil(r -> d.ackDeadlineChecks() >= pushed
                    || !d.ackStreamErrors().isEmpty(), E2E.TIMEOUT)).isTrue();
            assertThat(d.acksWrong()).isEmpty();
            assertThat(d.ackStreamErrors()).isEmpty();
            assertThat(d.acksOk()).isEqualTo(pushed);
            assertThat(e2e.client.isLoggedIn()).isTrue();
        }
    }
}
