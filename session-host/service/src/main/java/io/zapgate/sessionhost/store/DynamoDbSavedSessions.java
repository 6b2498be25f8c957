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

    /** One delete of the whole row removes the device and the pre-keys together. */
    @Override
    public void wipe(String instanceId) {
        table.delete(instanceId);
    }
}
