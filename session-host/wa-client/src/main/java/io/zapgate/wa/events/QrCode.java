package io.zapgate.wa.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Fires while linking by QR: first when the server sent its {@code pair-device} refs (the code is valid for
 * 60 s), then each time the previous code expired (20 s each) until the refs run out ({@link QrTimeout}).
 * Render {@code code} as a QR image; it is a secret-bearing string, never log it.
 *
 * @param code the QR content, {@code https://wa.me/settings/linked_devices#ref,noise,identity,adv,type}
 * @param expiresAt when the client will replace this code with the next one
 */
public record QrCode(String code, Instant expiresAt) implements WaEvent {
    /** Validates the components. */
    public QrCode {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "QrCode[expiresAt=" + expiresAt + "]";
    }
}
