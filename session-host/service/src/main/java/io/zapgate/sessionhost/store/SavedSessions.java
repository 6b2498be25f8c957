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
     * The device store of a session held under the lease token {@code fence}: every write is conditioned
     * {@code attribute_not_exists(fence) OR fence <= :mine} and sets {@code fence = :mine}; a write refused
     * because a newer owner wrote the session throws {@link FencedOutException}. {@link DeviceStore#delete}
     * leaves a tombstone carrying the fence (reads as no session), so an older owner cannot write it back.
     */
    DeviceStore deviceStore(String instanceId, long fence);

    /** The pre-key store of a session held under the lease token {@code fence}; fenced as {@link #deviceStore(String, long)}. */
    PreKeyStore preKeyStore(String instanceId, long fence);

    /**
     * Whether a linked (paired) device is saved for the instance: the one answer to "is this instance linked?"
     * for logout and delete, whatever the instance row's flags say.
     */
    default boolean exists(String instanceId) {
        return deviceStore(instanceId).load().filter(Device::isPaired).isPresent();
    }

    /**
     * Deletes the saved device and pre-keys (a no-op when there are none), without a lease: the fence already on
     * the row stays, so an older owner still cannot write the session back.
     */
    void wipe(String instanceId);

    /** Deletes the saved session under the lease token {@code fence}, leaving a tombstone with it. */
    void wipe(String instanceId, long fence);
}
