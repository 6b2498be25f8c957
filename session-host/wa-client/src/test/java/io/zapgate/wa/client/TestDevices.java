package io.zapgate.wa.client;

import io.zapgate.wa.store.Device;

/** Paired devices for login tests. */
final class TestDevices {
    private TestDevices() {}

    static Device paired() {
        return Device.generate().paired(PhoneSim.JID, PhoneSim.LID, new byte[] {1, 2, 3}, "android", "");
    }
}
