package io.zapgate.sessionhost.fake;

import io.zapgate.sessionhost.store.FencedOutException;
import io.zapgate.sessionhost.store.SavedSessions;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.PreKey;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import io.zapgate.wa.store.PreKeyStore;
import io.zapgate.wa.store.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saved sessions in memory, one row per instance id (device, pre-keys, fence), with the DynamoDB adapter's
 * rules: pre-keys are only kept for a saved device, and a write made under a lease token is refused with
 * {@link FencedOutException} when the row carries a higher one (it then carries the writer's token); a wipe
 * leaves a tombstone with the fence. Stricter than DynamoDB in one way: every fenced pre-key call checks the
 * fence, also one that finds enough keys and writes nothing (DynamoDB only checks writes).
 */
public final class InMemorySavedSessions implements SavedSessions {
    private final Map<String, Row> rows = new ConcurrentHashMap<>();

    /** One instance's saved session; every access holds its monitor. */
    private static final class Row {
        Device device;
        InMemoryPreKeyStore keys = new InMemoryPreKeyStore();
        /** Highest fencing token that wrote the row; null when only unfenced writes did. */
        Long fence;
    }

    private Row row(String instanceId) {
        return rows.computeIfAbsent(instanceId, id -> new Row());
    }

    /** Checks and sets the fence of a write (call holding the row's monitor). */
    private static void fence(String instanceId, Row row, Long mine) {
        if (mine == null) {
            return;
        }
        if (row.fence != null && row.fence > mine) {
            throw new FencedOutException(instanceId, mine, row.fence);
        }
        row.fence = mine;
    }

    @Override
    public DeviceStore deviceStore(String instanceId) {
        return new Devices(instanceId, null);
    }

    @Override
    public PreKeyStore preKeyStore(String instanceId) {
        return new PreKeys(instanceId, null);
    }

    @Override
    public DeviceStore deviceStore(String instanceId, long fence) {
        return new Devices(instanceId, fence);
    }

    @Override
    public PreKeyStore preKeyStore(String instanceId, long fence) {
        return new PreKeys(instanceId, fence);
    }

    @Override
    public void wipe(String instanceId) {
        wipe(instanceId, (Long) null);
    }

    @Override
    public void wipe(String instanceId, long fence) {
        wipe(instanceId, Long.valueOf(fence));
    }

    private void wipe(String instanceId, Long fence) {
        Row row = row(instanceId);
        synchronized (row) {
            fence(instanceId, row, fence);
            row.device = null;
            row.keys = new InMemoryPreKeyStore();
        }
    }

    private final class Devices implements DeviceStore {
        private final String instanceId;
        private final Long fence;

        Devices(String instanceId, Long fence) {
            this.instanceId = instanceId;
            this.fence = fence;
        }

        @Override
        public Optional<Device> load() {
            Row row = row(instanceId);
            synchronized (row) {
                return Optional.ofNullable(row.device);
            }
        }

        @Override
        public void save(Device device) {
            Row row = row(instanceId);
            synchronized (row) {
                fence(instanceId, row, fence);
                row.device = java.util.Objects.requireNonNull(device, "device");
            }
        }

        @Override
        public void delete() {
            wipe(instanceId, fence);
        }
    }

    /** As in DynamoDB: new pre-keys are only kept once a device is saved for the instance. */
    private final class PreKeys implements PreKeyStore {
        private final String instanceId;
        private final Long fence;

        PreKeys(String instanceId, Long fence) {
            this.instanceId = instanceId;
            this.fence = fence;
        }

        @Override
        public List<PreKey> getOrGeneratePreKeys(int count) {
            Row row = row(instanceId);
            synchronized (row) {
                if (row.device == null) {
                    throw new StoreException("no saved session: pre-keys are only kept for a linked device", null);
                }
                fence(instanceId, row, fence);
                return row.keys.getOrGeneratePreKeys(count);
            }
        }

        @Override
        public void markUploaded(int upToId) {
            Row row = row(instanceId);
            synchronized (row) {
                fence(instanceId, row, fence);
                row.keys.markUploaded(upToId);
            }
        }

        @Override
        public int uploadedCount() {
            Row row = row(instanceId);
            synchronized (row) {
                return row.keys.uploadedCount();
            }
        }

        @Override
        public void deleteAll() {
            Row row = row(instanceId);
            synchronized (row) {
                if (row.device == null) {
                    return;
                }
                fence(instanceId, row, fence);
                row.keys = new InMemoryPreKeyStore();
            }
        }
    }

    /** Saves a paired device as if the instance had been linked before. */
    public void link(String instanceId) {
        deviceStore(instanceId)
                .save(Device.generate()
                        .paired(Jid.parse("15551234567:2@s.whatsapp.net"), null, new byte[] {1}, "android", ""));
    }
}
