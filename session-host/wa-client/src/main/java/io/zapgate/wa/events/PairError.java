package io.zapgate.wa.events;

import java.util.Objects;

/**
 * Fires when a pair-success arrived but was refused locally (bad HMAC, bad account signature, malformed
 * identity) or could not be saved; the client answered the server with an error and disconnects.
 *
 * @param reason a short machine-readable reason, e.g. {@code hmac-mismatch}, {@code signature-mismatch},
 *     {@code malformed}, {@code store-failed}, {@code disconnected} (the client was disconnected before the
 *     pairing was saved: it is cancelled)
 */
public record PairError(String reason) implements WaEvent {
    /** Validates the components. */
    public PairError {
        Objects.requireNonNull(reason, "reason");
    }
}
