package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A companion device linked to the fake phone's account (recorded when its {@code pair-device-sign} verified).
 *
 * @param jid the device JID, e.g. {@code 15551234567:1@s.whatsapp.net}
 * @param lid the device LID, e.g. {@code 987654321012345:1@lid}
 * @param device the device's number in the fake: the JID's {@code :N} (always, below 256 linked companions); for
 *     companions linked to a sibling account once the first one ran out of device ids, {@code account × 256 + N}
 * @param noisePublicKey the only login credential: the noise static key the device must present (spec §1.4)
 * @param identityPublicKey the companion's identity key (signed into the ADV account signature)
 * @param keyIndex the ADV key index given at pairing
 * @param linkedAt when pairing completed
 */
public record LinkedDevice(
        Jid jid, Jid lid, int device, byte[] noisePublicKey, byte[] identityPublicKey, int keyIndex, Instant linkedAt) {
    /** Null checks and defensive copies. */
    public LinkedDevice {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(lid, "lid");
        Objects.requireNonNull(linkedAt, "linkedAt");
        noisePublicKey = noisePublicKey.clone();
        identityPublicKey = identityPublicKey.clone();
    }

    /** The phone number (user part of the JID). */
    public String user() {
        return jid.user();
    }

    @Override
    public byte[] noisePublicKey() {
        return noisePublicKey.clone();
    }

    @Override
    public byte[] identityPublicKey() {
        return identityPublicKey.clone();
    }

    @Override
    public String toString() {
        return "LinkedDevice[" + jid + ", lid=" + lid + ", noise="
                + HexFormat.of().formatHex(noisePublicKey) + "]";
    }
}
