package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AckLatenciesTest {
    @Test
    void bucketsAreExactBelowSixteenAndAtMostAnEighthWideAbove() {
        assertThat(AckLatencies.upperBound(0)).isZero();
        assertThat(AckLatencies.upperBound(15)).isEqualTo(15);
        assertThat(AckLatencies.upperBound(16)).isEqualTo(16);
        assertThat(AckLatencies.upperBound(17)).isEqualTo(18);
        assertThat(AckLatencies.upperBound(1000)).isEqualTo(1024);
        for (long v = 16; v < 5_000_000; v = v * 3 / 2 + 1) {
            long upper = AckLatencies.upperBound(v);
            assertThat(upper).isGreaterThanOrEqualTo(v).isLessThanOrEqualTo(v + v / 8);
            assertThat(AckLatencies.upperBound(upper))
                    .as("an upper bound is its own bucket")
                    .isEqualTo(upper);
        }
    }

    @Test
    void percentilesReadBucketUpperBoundsCappedByTheMaximum() {
        AckLatencies h = AckLatencies.empty();
        assertThat(h.percentileMicros(0.99)).isZero();
        for (int i = 1; i <= 100; i++) {
            h.record(i * 1_000_000L); // 1..100 ms
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.maxMicros()).isEqualTo(100_000);
        assertThat(h.percentileMicros(0.5)).isBetween(50_000L, 50_000L + 50_000L / 8);
        assertThat(h.percentileMicros(0.99)).isBetween(99_000L, 100_000L);
        assertThat(h.percentileMicros(1)).isEqualTo(100_000);
        assertThatThrownBy(() -> h.percentileMicros(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windowsSubtractAndFakesMerge() {
        AckLatencies h = AckLatencies.empty();
        h.record(5_000);
        h.record(7_000);
        AckLatencies before = h.copy();
        h.record(900_000);
        AckLatencies window = h.since(before);
        assertThat(window.count()).isEqualTo(1);
        assertThat(window.buckets()).containsOnly(Map.entry(AckLatencies.upperBound(900), 1L));

        AckLatencies other = AckLatencies.of(Map.of(5L, 3L), 5);
        AckLatencies merged = window.merge(other);
        assertThat(merged.count()).isEqualTo(4);
        assertThat(merged.maxMicros()).isEqualTo(900);
        assertThat(merged.percentileMicros(0.75)).isEqualTo(5);
        assertThat(window.count()).as("merge makes a new histogram").isEqualTo(1);
    }
}
