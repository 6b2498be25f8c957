package io.zapgate.wa.fake;

import java.time.Duration;
import java.time.Instant;

/** An account ban set by the phone: temporary (402 with {@code expire}) or permanent (403), spec §7.2. */
record Ban(Instant until, int code) {
    /** whatsmeow {@code TempBanReason} 101: "sent to too many people". */
    static final int DEFAULT_CODE = 101;

    static Ban of(Duration duration, Instant now) {
        return new Ban(duration == null ? null : now.plus(duration), DEFAULT_CODE);
    }

    boolean permanent() {
        return until == null;
    }

    boolean activeAt(Instant now) {
        return permanent() || now.isBefore(until);
    }

    /** Seconds left, at least 1 while active. */
    long secondsLeft(Instant now) {
        return permanent() ? 0 : Math.max(1, Duration.between(now, until).toSeconds());
    }
}
