package io.zapgate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {

    @Test
    void untilReturnsOnceTheConditionHolds() {
        AtomicInteger checks = new AtomicInteger();
        Await.until("the third check", Duration.ofSeconds(10), () -> checks.incrementAndGet() >= 3);
        assertThat(checks).hasValue(3);
    }

    @Test
    void untilFailsNamingWhatItWaitedForAfterTheTimeout() {
        assertThatThrownBy(() -> Await.until("a miracle", Duration.ofMillis(120), () -> false))
                .isInstanceOf(AssertionError.class)
                .hasMessage("timed out after PT0.12S waiting for a miracle");
    }

    @Test
    void valueReturnsTheFirstProbeTheTestAccepts() {
        AtomicInteger probes = new AtomicInteger();
        assertThat(Await.value("a value over 2", Duration.ofSeconds(10), probes::incrementAndGet, v -> v > 2))
                .isEqualTo(3);
    }
}
