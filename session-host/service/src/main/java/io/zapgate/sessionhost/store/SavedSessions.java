package io.zapgate.sessionhost.store;

import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;

/**
 * Port: the saved WhatsApp sessions of all instances, by instance id: the stores one client uses, whether a
 * linked session is saved (can the instance log in without a QR?), and wiping it.
 */
public interface SavedSessions {
    DeviceStore deviceStore(String instanceId);

    PreKeyStore preKeyStore(String instanceId);

    /**
     * Whether a linked (paired) device is saved for the instance: the one answer to "is this instance linked?"
     * for logout and delete, whatever the instance row's flags say.
     */
    default boolean exists(String instanceId) {
        return deviceStore(instanceId).load().filter(Device::isPaired).isPresent();
    }

    /** Deletes the saved device and pre-keys; a no-op when there are none. */
    default void wipe(String instanceId) {
        deviceStore(instanceId).delete();
        preKeyStore(instanceId).deleteAll();
    }
}
