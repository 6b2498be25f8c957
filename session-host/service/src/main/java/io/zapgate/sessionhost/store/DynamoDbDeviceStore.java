package io.zapgate.sessionhost.store;

import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The saved session (the linked {@link Device}) of one instance, encrypted at rest in the sessions table.
 * {@link #save} returns only once DynamoDB acknowledged the write (the client saves before it answers the
 * pairing, so a crash right after never loses a link the phone believes in); {@link #delete} removes the
 * whole row, pre-keys included (logout, unlink, instance deletion).
 */
public final class DynamoDbDeviceStore implements DeviceStore {
    private final SessionsTable table;
    private final String instanceId;

    public DynamoDbDeviceStore(SessionsTable table, String instanceId) {
        this.table = Objects.requireNonNull(table, "table");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
    }

    @Override
    public Optional<Device> load() {
        AttributeValue sealed = table.read(instanceId).get(SessionsTable.DEVICE);
        if (sealed == null || sealed.s() == null) {
            return Optional.empty();
        }
        return Optional.of(DeviceCodec.decode(table.open(instanceId, SessionsTable.DEVICE, sealed.s())));
    }

    @Override
    public void save(Device device) {
        String sealed = table.seal(instanceId, SessionsTable.DEVICE, DeviceCodec.encode(device));
        table.update(
                instanceId, SessionsTable.DEVICE + " = :d", null, Map.of(":d", AttributeValue.fromS(sealed)), false);
    }

    @Override
    public void delete() {
        table.delete(instanceId);
    }

    @Override
    public String toString() {
        return "DynamoDbDeviceStore[" + instanceId + "]";
    }
}
