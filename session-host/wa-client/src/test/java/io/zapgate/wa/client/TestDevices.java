package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.store.Device;

/** Paired devices for login tests, and the phone account they belong to. */
final class TestDevices {
    /** The phone account's ids (the phone's own signing, for pairing tests, is the fake's: AdvSigner). */
    static final Jid JID = Jid.ofAd("15551234567", Jid.DOMAIN_WHATSAPP, 3);

    static final Jid LID = Jid.ofAd("987654321012345", Jid.DOMAIN_LID, 3);

    private TestDevices() {}

    static Device paired() {
        return Device.generate().paired(JID, LID, new byte[] {1, 2, 3}, "android", "");
    }
}
