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
    private static final FakeWhatsAppOptions STRICT =
            FakeWhatsAppOptions.defaults().withAckDeadline(Duration.ofSeconds(2));

    @Test
    void theOfflineBurstIsAckedInTime() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start(STRICT);
                E2E e2e = new E2E(fake)) {
            e2e.linkByQr();
            DeliveryRecordings d = fake.recordings().delivery();
            assertThat(fake.recordings()
                            .awaitUntil(
                                    r -> d.ackDeadlineChecks() >= PushKind.DEFAULT_BURST.size()
                                            || !d.ackStreamErrors().isEmpty(),
                                    E2E.TIMEOUT))
                    .isTrue();
            assertThat(d.acksWrong()).isEmpty();
            assertThat(d.ackStreamErrors()).isEmpty();
            assertThat(d.acksOk()).isEqualTo(PushKind.DEFAULT_BURST.size());
        }
    }

    @Test
    void everyKindPushedLaterIsAckedAndTheConnectionStays() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start(STRICT.withOfflineBurst(false));
                E2E e2e = new E2E(fake)) {
            LinkedDevice device = e2e.linkByQr();
            DeliveryRecordings d = fake.recordings().delivery();
            assertThat(fake.isActive(device.device()))
                    .as("Connected follows the answer to <active/>")
                    .isTrue();
            for (PushKind kind : PushKind.values()) {
                fake.phone().push(device.jid(), kind);
            }
            int pushed = PushKind.values().length;
            assertThat(fake.recordings()
                            .awaitUntil(
                                    r -> d.ackDeadlineChecks() >= pushed
                                            || !d.ackStreamErrors().isEmpty(),
                                    E2E.TIMEOUT))
                    .isTrue();
            assertThat(d.acksWrong()).isEmpty();
            assertThat(d.ackStreamErrors()).isEmpty();
            assertThat(d.acksOk()).isEqualTo(pushed);
            assertThat(e2e.client.isLoggedIn()).isTrue();
        }
    }

    /**
     * The soak the real server would put a session through: after the link, a burst of every kind every 3 s for
     * {@code zapgate.soakSeconds} (default 60). The strict fake checks every ack field by field; one wrong or late
     * ack ends the stream. Pacing between bursts is the soak's rhythm, not synchronisation: each burst's acks are
     * awaited as a condition.
     */
    @Test
    void aSixtySecondSoakWithBurstsNeverBreaksTheSession() throws Exception {
        long soakNanos =
                Duration.ofSeconds(Long.getLong("zapgate.soakSeconds", 60)).toNanos();
        try (FakeWhatsApp fake = FakeWhatsApp.start(STRICT);
                E2E e2e = new E2E(fake)) {
            LinkedDevice device = e2e.linkByQr();
            DeliveryRecordings d = fake.recordings().delivery();
            int logins = fake.recordings().loginCount();
            long start = System.nanoTime();
            int bursts = 0;
            while (System.nanoTime() - start < soakNanos) {
                long burstStart = System.nanoTime();
                for (PushKind kind : PushKind.values()) {
                    fake.phone().push(device.jid(), kind);
                }
                bursts++;
                int expected = PushKind.DEFAULT_BURST.size() + bursts * PushKind.values().length;
                assertThat(fake.recordings()
                                .awaitUntil(
                                        r -> d.acksOk() >= expected
                                                || !d.ackStreamErrors().isEmpty()
                                                || !d.acksWrong().isEmpty(),
                                        E2E.TIMEOUT))
                        .as("burst %d acked", bursts)
                        .isTrue();
                assertThat(d.acksWrong()).isEmpty();
                assertThat(d.ackStreamErrors()).isEmpty();
                // paces the soak (a burst every 3 s), not a synchronisation: the acks were awaited above
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Math.max(0, Duration.ofSeconds(3).toNanos() - (System.nanoTime() - burstStart)));
            }
            assertThat(bursts).isGreaterThan(0);
            assertThat(fake.recordings().loginCount())
                    .as("no re-login during the soak")
                    .isEqualTo(logins);
            assertThat(e2e.all)
                    .noneMatch(e -> e instanceof io.zapgate.wa.events.Disconnected
                            || e instanceof io.zapgate.wa.events.StreamError);
            assertThat(e2e.client.isLoggedIn()).isTrue();
            assertThat(e2e.client.stats().messages()).isGreaterThanOrEqualTo(2L + 2L * bursts);
        }
    }
}
