package io.zapgate.sessionhost.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Liveness follows the renewal rounds; readiness the dependency probes (cut at the timeout, cached). */
class HostHealthTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));

    @Test
    void liveUntilNoRoundFinishedForThreePeriods() {
        HostHealth health = new HostHealth(
                clock, Duration.ofSeconds(20), 3, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(60));
        assertThat(health.live().healthy()).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.live().healthy()).isFalse();
        assertThat(health.live().checks().get(HostHealth.RENEWALS).detail()).contains("61 s");
        health.roundFinished();
        assertThat(health.live().healthy()).isTrue();
    }

    @Test
    void aFailingOrHangingProbeMakesItUnreadyAndIsNamed() {
        CountDownLatch never = new CountDownLatch(1);
        HostHealth health = new HostHealth(
                clock,
                Duration.ofSeconds(20),
                3,
                List.of(
                        new HostHealth.Check("dynamodb", () -> {}),
                        new HostHealth.Check("sqs", () -> {
                            throw new IllegalStateException("queue unreachable");
                        }),
                        new HostHealth.Check("slow", () -> {
                            try {
                                never.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        })),
                Duration.ofMillis(200),
                Duration.ofSeconds(5));
        HostHealth.Report r = health.ready();
        assertThat(r.healthy()).isFalse();
        assertThat(r.checks().get("dynamodb").ok()).isTrue();
        assertThat(r.checks().get("sqs").ok()).isFalse();
        assertThat(r.checks().get("sqs").detail()).contains("queue unreachable");
        assertThat(r.checks().get("slow").detail()).isEqualTo("no answer in time");
        assertThat(r.checks().get(HostHealth.RENEWALS).ok()).isTrue();
        assertThat(health.live().healthy()).isTrue();
    }

    @Test
    void probeResultsAreCachedForAFewSeconds() {
        AtomicInteger calls = new AtomicInteger();
        HostHealth health = new HostHealth(
                clock,
                Duration.ofSeconds(20),
                3,
                List.of(new HostHealth.Check("dynamodb", calls::incrementAndGet)),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        health.ready();
        health.ready();
        clock.advance(Duration.ofSeconds(4));
        health.ready();
        assertThat(calls).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        health.ready();
        assertThat(calls).hasValue(2);
    }
}
