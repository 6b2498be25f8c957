package io.zapgate.wa.fake;

import io.zapgate.wa.proto.ClientPayload;
import java.util.Objects;

/**
 * The minimum client version the fake accepts and the current version it advertises; both can change at run
 * time ({@link FakeWhatsApp#setVersions}). The current version never drops below the minimum. Thread-safe.
 */
final class VersionGate {
    private ServedVersion minimum;
    private ServedVersion current;

    VersionGate(ServedVersion minimum, ServedVersion current) {
        set(minimum, current);
    }

    /** Changes either (null keeps it); the current version is raised to the minimum if below. */
    synchronized void set(ServedVersion newMinimum, ServedVersion newCurrent) {
        minimum = Objects.requireNonNullElse(newMinimum, minimum);
        current = Objects.requireNonNullElse(newCurrent, current);
        if (current.isBelow(minimum)) {
            current = minimum;
        }
    }

    synchronized ServedVersion minimum() {
        return minimum;
    }

    synchronized ServedVersion current() {
        return current;
    }

    /** Whether this ClientPayload's {@code userAgent.appVersion} is below the minimum (answer: 405). */
    synchronized boolean refuses(ClientPayload payload) {
        return ServedVersion.of(payload).isBelow(minimum);
    }
}
