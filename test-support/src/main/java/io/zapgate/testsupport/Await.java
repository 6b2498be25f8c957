package io.zapgate.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition with a timeout, checking it every 50 ms: it returns as soon as the condition holds, so a
 * test synchronises on what happened, never on a fixed sleep.
 */
public final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {}

    /** Returns once {@code condition} is true; fails with {@code what} in the message after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS); // the polling interval, not a synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** Returns the first value of {@code probe} that {@code ok} accepts; fails as {@link #until} does. */
    public static <T> T value(String what, Duration timeout, Supplier<T> probe, Predicate<T> ok) {
        Object[] last = new Object[1];
        until(what, timeout, () -> {
            T v = probe.get();
            last[0] = v;
            return ok.test(v);
        });
        @SuppressWarnings("unchecked")
        T v = (T) last[0];
        return v;
    }
}
