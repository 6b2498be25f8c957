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
 * pairing, so a crash right after never loses a link the phone believes in); {@link #delete} wipes the whole
 * session, pre-keys included (logout, unlink, instance deletion), leaving a tombstone with the fence. Fenced
 * writes throw {@link FencedOutException} once a newer lease owner wrote the row.
 */
public final class DynamoDbDeviceStore implements DeviceStore {
    private final SessionsTable table;
    private final String instanceId;
    /** The lease's fencing token every write carries; null = unfenced. */
    private final Long fence;

    public DynamoDbDeviceStore(SessionsTable table, String instanceId) {
        this(table, instanceId, null);
    }

    /** A store whose writes are fenced by {@code fence} (null = unfenced): see {@link SessionsTable#update}. */
    public DynamoDbDeviceStore(SessionsTable table, String instanceId, Long fence) {
        this.table = Objects.requireNonNull(table, "table");
        this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
        this.fence = fence;
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
                instanceId,
                SessionsTable.DEVICE + " = :d",
                null,
                Map.of(":d", AttributeValue.fromS(sealed)),
                false,
                fence);
    }

    @Override
    public void delete() {
        table.wipe(instanceId, fence);
    }

    @Override
    public String toString() {
        return "DynamoDbDeviceStore[" + instanceId + "]";
    }
}
