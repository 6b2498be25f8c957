package io.zapgate.wa.client;

import java.time.Duration;

/**
 * Runs short tasks after a delay: QR rotation, keepalive pings, IQ timeouts, reconnect backoff. The default,
 * {@link #system()}, is one daemon timer thread shared by every client of the JVM (no per-session threads);
 * tasks only hand work to other executors, so they never block it. Tests inject a manual scheduler that fires
 * when they advance their clock.
 */
public interface TaskScheduler {

    /**
     * Schedules {@code task} once after {@code delay}. The task must not block.
     *
     * @return a handle to cancel it
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** @return the JVM-wide shared scheduler */
    static TaskScheduler system() {
        return SystemScheduler.INSTANCE;
    }

    /** A scheduled task that may still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet; idempotent. */
        void cancel();
    }
}
