package io.zapgate.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The end of WhatsApp's offline delivery after a login: the server has pushed (and the client acknowledged) the
 * {@code count} stanzas it queued while the instance was away. Recorded on the instance row, so an operator can
 * see that a session caught up after its last login.
 *
 * @param count stanzas delivered from the offline queue
 * @param at when the session host saw the end of the burst
 */
public record OfflineSync(int count, Instant at) {
    /** Checks the values. */
    public OfflineSync {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0");
        }
        Objects.requireNonNull(at, "at");
    }
}
