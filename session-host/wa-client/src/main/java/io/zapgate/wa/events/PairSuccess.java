package io.zapgate.wa.events;

import io.zapgate.wa.binary.Jid;
import java.util.Objects;
import java.util.Optional;

/**
 * Fires when a phone linked this companion (QR or pairing code): the pair-success was verified, the session
 * was saved and the confirmation sent. The server then restarts the stream (515) and the client logs in by
 * itself; {@link Connected} follows.
 *
 * @param jid own device JID {@code PHONE:D@s.whatsapp.net}
 * @param lid own LID {@code LIDUSER:D@lid}, if the server sent one
 * @param platform the primary's platform, e.g. {@code android}, {@code smba}
 * @param businessName the business name, empty if none
 */
public record PairSuccess(Jid jid, Optional<Jid> lid, String platform, String businessName) implements WaEvent {
    /** Validates the components. */
    public PairSuccess {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(lid, "lid");
        platform = platform == null ? "" : platform;
        businessName = businessName == null ? "" : businessName;
    }

    @Override
    public String toString() {
        return "PairSuccess[platform=" + platform + "]";
    }
}
