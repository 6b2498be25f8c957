package io.zapgate.sessionhost.store;

import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;

/**
 * Port: the saved WhatsApp sessions of all instances, by instance id: the stores one client uses, whether a
 * linked session is saved (can the instance log in without a QR?), and wiping it.
 */
public interface SavedSessions {
    DeviceStore deviceStore(String instanceId);

    PreKeyStore preKeyStore(String instanceId);

    /** Whether a linked device is saved for the instance. */
    default boolean exists(String instanceId) {
        return deviceStore(instanceId).load().isPresent();
    }

    /** Deletes the saved device and pre-keys; a no-op when there are none. */
    default void wipe(String instanceId) {
        deviceStore(instanceId).delete();
        preKeyStore(instanceId).deleteAll();
    }
}
