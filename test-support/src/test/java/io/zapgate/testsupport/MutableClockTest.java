package io.zapgate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void movesOnlyWhenTold() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH.plusSeconds(90));
        clock.set(Instant.EPOCH.plusSeconds(5));
        assertThat(clock.millis()).isEqualTo(5_000);
    }

    @Test
    void startsAheadOfTheWallClockAtTheNextWholeMinutePlusTheSeconds() {
        Instant before = Instant.now();
        Instant start = MutableClock.startingAtNextMinutePlus(7).instant();
        assertThat(start).isAfter(before);
        assertThat(start.getEpochSecond() % 60).isEqualTo(7);
        assertThat(Duration.between(before, start)).isLessThanOrEqualTo(Duration.ofSeconds(67 + 1));
    }
}
