package io.zapgate.functions.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SnapStartPrimingResourceTest {
    @Test
    void beforeCheckpointRunsTheWarmUpAndAFailureNeverFailsTheSnapshot() {
        AtomicInteger runs = new AtomicInteger();
        new SnapStartPriming("ok", runs::incrementAndGet).beforeCheckpoint(null);
        assertThat(runs).hasValue(1);
        new SnapStartPriming("failing", () -> {
                    runs.incrementAndGet();
                    throw new IllegalStateException("storage down");
                })
                .beforeCheckpoint(null);
        assertThat(runs).hasValue(2);
    }
}
