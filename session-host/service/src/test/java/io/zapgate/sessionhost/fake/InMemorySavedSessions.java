package io.zapgate.sessionhost.fake;

import io.zapgate.sessionhost.store.SavedSessions;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.InMemoryDeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import io.zapgate.wa.store.PreKeyStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Saved sessions in memory, one device store and pre-key store per instance id. */
public final class InMemorySavedSessions implements SavedSessions {
    private final Map<String, InMemoryDeviceStore> devices = new ConcurrentHashMap<>();
    private final Map<String, InMemoryPreKeyStore> preKeys = new ConcurrentHashMap<>();

    @Override
    public DeviceStore deviceStore(String instanceId) {
        return devices.computeIfAbsent(instanceId, id -> new InMemoryDeviceStore());
    }

    /** As in DynamoDB: new pre-keys are only kept once a device is saved for the instance. */
    @Override
    public PreKeyStore preKeyStore(String instanceId) {
        PreKeyStore keys = preKeys.computeIfAbsent(instanceId, id -> new InMemoryPreKeyStore());
        return new PreKeyStore() {
            @Override
            public java.util.List<io.zapgate.wa.crypto.PreKey> getOrGeneratePreKeys(int count) {
                if (deviceStore(instanceId).load().isEmpty()) {
                    throw new io.zapgate.wa.store.StoreException(
                            "no saved session: pre-keys are only kept for a linked device", null);
                }
                return keys.getOrGeneratePreKeys(count);
            }

            @Override
            public void markUploaded(int upToId) {
                keys.markUploaded(upToId);
            }

            @Override
            public int uploadedCount() {
                return keys.uploadedCount();
            }

            @Override
            public void deleteAll() {
                keys.deleteAll();
            }
        };
    }

    /** Saves a paired device as if the instance had been linked before. */
    public void link(String instanceId) {
        deviceStore(instanceId)
                .save(Device.generate()
                        .paired(Jid.parse("15551234567:2@s.whatsapp.net"), null, new byte[] {1}, "android", ""));
    }
}
