package io.zapgate.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A clock tests move by hand. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    /**
     * A test start time that does not depend on the date: {@code seconds} past the start of the next whole minute
     * of the wall clock. It is ahead of the wall clock, so items a test writes with expiry times taken from this
     * clock are never swept by a backend that expires items by the wall clock (DynamoDB Local's TTL, reads that
     * filter on "now"), and it starts a fresh one-minute rate-limit window.
     */
    public static Instant nextMinutePlus(int seconds) {
        return Instant.now()
                .truncatedTo(ChronoUnit.MINUTES)
                .plus(Duration.ofMinutes(1))
                .plusSeconds(seconds);
    }

    /** A clock set to {@link #nextMinutePlus(int)}. */
    public static MutableClock startingAtNextMinutePlus(int seconds) {
        return new MutableClock(nextMinutePlus(seconds));
    }

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
