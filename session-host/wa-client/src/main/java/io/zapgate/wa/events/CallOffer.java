package io.zapgate.wa.events;

import io.zapgate.wa.binary.Jid;
import java.time.Instant;
import java.util.Objects;

/**
 * Fires when someone calls this account: the server sent {@code <call><offer call-id=… call-creator=…/></call>}
 * (whatsmeow {@code types/events/call.go} {@code CallOffer}; Baileys {@code handleCall}, status {@code offer}).
 * The client has already acknowledged the stanza; the phone and other companions ring as well. Reject it with
 * {@code WaClient.rejectCall(from, callId)}; otherwise the call ends by itself when the caller hangs up.
 *
 * @param from who sent the offer (the {@code from} of the {@code <call>} stanza; may be a device JID)
 * @param callId the call's id ({@code call-id})
 * @param callCreator who started the call ({@code call-creator}); equals {@code from} for a 1:1 call
 * @param timestamp when the server stamped the offer ({@code t}, unix seconds); the epoch if absent
 * @param isVideo whether the offer carries a {@code <video>} child (Baileys {@code isVideo})
 */
public record CallOffer(Jid from, String callId, Jid callCreator, Instant timestamp, boolean isVideo)
        implements WaEvent {
    /** Validates the components. */
    public CallOffer {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callCreator, "callCreator");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Names neither party (phone numbers stay out of logs). */
    @Override
    public String toString() {
        return "CallOffer[callId=" + callId + ", video=" + isVideo + "]";
    }
}
