package io.zapgate.local;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that is checked through the public API (no fixed sleeps: it returns as soon as true). */
final class Await {
    private Await() {
    }

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    static <T> T value(String what, Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> ok) {
        Object[] last = new Object[1];
        until(what, timeout, () -> {
            last[0] = probe.get();
            return ok.test((T) last[0]);
        });
        @SuppressWarnings("unchecked")
        T v = (T) last[0];
        return v;
    }
}
