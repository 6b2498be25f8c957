package io.zapgate.sessionhost.store;

import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;

/** {@link SavedSessions} on the sessions table: one {@link DynamoDbDeviceStore}/{@link DynamoDbPreKeyStore} pair per instance. */
public final class DynamoDbSavedSessions implements SavedSessions {
    private final SessionsTable table;

    public DynamoDbSavedSessions(SessionsTable table) {
        this.table = table;
    }

    @Override
    public DeviceStore deviceStore(String instanceId) {
        return new DynamoDbDeviceStore(table, instanceId);
    }

    @Override
    public PreKeyStore preKeyStore(String instanceId) {
        return new DynamoDbPreKeyStore(table, instanceId);
    }

    @Override
    public DeviceStore deviceStore(String instanceId, long fence) {
        return new DynamoDbDeviceStore(table, instanceId, fence);
    }

    @Override
    public PreKeyStore preKeyStore(String instanceId, long fence) {
        return new DynamoDbPreKeyStore(table, instanceId, fence);
    }

    /** One write of the row removes the device and the pre-keys together (keeping the row's fence). */
    @Override
    public void wipe(String instanceId) {
        table.wipe(instanceId, null);
    }

    /** One write of the row removes the device and the pre-keys together, leaving a tombstone with the fence. */
    @Override
    public void wipe(String instanceId, long fence) {
        table.wipe(instanceId, fence);
    }
}
