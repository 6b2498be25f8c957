package io.zapgate.wa.client;

import java.time.Duration;

/**
 * Auto-reconnect after a dropped connection (whatsmeow {@code EnableAutoReconnect}; spec §7.6). The n-th
 * consecutive attempt waits {@code (n-1) × step}, at most {@code maxDelay}; the count resets on login. Never
 * used after {@code disconnect()}, {@code logout()} or a permanent disconnect (logged out, banned, replaced,
 * outdated), nor for an unpaired device.
 *
 * @param enabled whether to reconnect at all
 * @param step linear backoff step (2 s)
 * @param maxDelay cap of the backoff (2 min)
 */
public record ReconnectSettings(boolean enabled, Duration step, Duration maxDelay) {

    /** Enabled, 2 s steps, capped at 2 minutes. */
    public static final ReconnectSettings DEFAULT =
            new ReconnectSettings(true, Duration.ofSeconds(2), Duration.ofMinutes(2));

    /** No automatic reconnect. */
    public static final ReconnectSettings DISABLED = new ReconnectSettings(false, Duration.ZERO, Duration.ZERO);

    /** Validates the components. */
    public ReconnectSettings {
        if (step.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("negative backoff");
        }
    }

    /** @return the delay before attempt number {@code attempt} (1-based) */
    public Duration delayFor(int attempt) {
        Duration delay = step.multipliedBy(Math.max(0, attempt - 1));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
