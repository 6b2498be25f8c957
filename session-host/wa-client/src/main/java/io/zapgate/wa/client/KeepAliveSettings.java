package io.zapgate.wa.client;

import java.time.Duration;

/**
 * Keepalive timing (whatsmeow {@code keepalive.go}; spec §7.4): a ping every random interval in
 * [{@code minInterval}, {@code maxInterval}), answered within {@code responseDeadline}; after {@code maxFailTime}
 * without a successful ping the connection is dropped and re-established.
 *
 * @param minInterval shortest pause between pings (20 s)
 * @param maxInterval longest pause between pings (30 s), not below minInterval
 * @param responseDeadline how long to wait for the answer (10 s)
 * @param maxFailTime how long without success before reconnecting (3 min)
 */
public record KeepAliveSettings(
        Duration minInterval, Duration maxInterval, Duration responseDeadline, Duration maxFailTime) {

    /** The whatsmeow values. */
    public static final KeepAliveSettings DEFAULT = new KeepAliveSettings(
            Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(3));

    /** Validates the components. */
    public KeepAliveSettings {
        if (minInterval.isNegative()
                || minInterval.isZero()
                || maxInterval.compareTo(minInterval) < 0
                || responseDeadline.isNegative()
                || responseDeadline.isZero()
                || maxFailTime.isNegative()) {
            throw new IllegalArgumentException("invalid keepalive timing");
        }
    }
}
