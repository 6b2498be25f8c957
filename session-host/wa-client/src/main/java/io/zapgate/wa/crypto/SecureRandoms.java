package io.zapgate.wa.crypto;

import java.security.SecureRandom;

/** Holder of the process-wide {@link SecureRandom} used when callers do not inject one. */
final class SecureRandoms {
    private static final SecureRandom SHARED = new SecureRandom();

    private SecureRandoms() {}

    static SecureRandom shared() {
        return SHARED;
    }
}
