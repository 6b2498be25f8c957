package io.zapgate.sessionhost;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.session.ConnectionStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Interim: {@link ConnectionStates} whose {@link #resumable()} also returns instances a host closed on its
 * way down (state {@code disconnected}, reason {@code host_shutdown}, session saved), which the core adapter's
 * filter (connected or connecting) leaves out. Remove once the adapter's filter includes them.
 */
final class ShutdownAwareStates implements ConnectionStates {
    private final ConnectionStates delegate;
    private final DynamoDbClient dynamo;
    private final String instancesTable;
    private final InstanceRepository instances;

    ShutdownAwareStates(ConnectionStates delegate, DynamoDbClient dynamo, String instancesTable,
                        InstanceRepository instances) {
        this.delegate = delegate;
        this.dynamo = dynamo;
        this.instancesTable = instancesTable;
        this.instances = instances;
    }

    @Override
    public boolean updateConnection(InstanceKey key, String instanceId, Connection connection) {
        return delegate.updateConnection(key, instanceId, connection);
    }

    @Override
    public boolean updateProfile(InstanceKey key, String instanceId, Profile profile) {
        return delegate.updateProfile(key, instanceId, profile);
    }

    @Override
    public List<Instance> resumable() {
        Map<String, Instance> out = new LinkedHashMap<>();
        delegate.resumable().forEach(i -> out.put(i.id(), i));
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(instancesTable)
                    .filterExpression("hasSession = :t AND #s = :d AND lastDisconnect.reason = :r")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true),
                            ":d", AttributeValue.fromS("disconnected"), ":r", AttributeValue.fromS("host_shutdown")))
                    .projectionExpression("accountId, #n").expressionAttributeNames(Map.of("#s", "state", "#n", "name"))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                instances.find(new InstanceKey(item.get("accountId").s(), item.get("name").s()))
                        .ifPresent(i -> out.putIfAbsent(i.id(), i));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return List.copyOf(out.values());
    }
}
