package io.zapgate.wa.events;

import java.util.Objects;

/**
 * Fires when the server accepted a {@code requestPairingCode(phone)} request: the user types {@code code} on
 * the phone (Linked devices → Link with phone number). Secret-bearing: never log it.
 *
 * @param code 8 characters shown as {@code ABCD-EFGH}
 */
public record PairingCode(String code) implements WaEvent {
    /** Validates the components. */
    public PairingCode {
        Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
        return "PairingCode[<redacted>]";
    }
}
