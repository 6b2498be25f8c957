package io.zapgate.aws;

import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.session.ConnectionStates;
import io.zapgate.core.session.OfflineSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The connection attributes of instance rows, written by the session host. Each update is conditional on
 * the instance id, so a late write of a deleted instance's session never lands on a new instance.
 */
public final class DynamoDbConnectionStates implements ConnectionStates {
    /** The row attribute holding the last {@link OfflineSync}: a map {@code {count: N, at: ISO-8601}}. */
    public static final String LAST_OFFLINE_SYNC = "lastOfflineSync";

    private final DynamoDbClient dynamo;
    private final String table;
    private final InstanceItems items;

    public DynamoDbConnectionStates(DynamoDbClient dynamo, String instancesTable, SecretCipher cipher) {
        this.dynamo = dynamo;
        this.table = instancesTable;
        this.items = new InstanceItems(cipher);
    }

    @Override
    public boolean updateConnection(InstanceKey key, String instanceId, Connection connection) {
        return updateConnection(key, instanceId, connection, null);
    }

    /**
     * Fenced: the row carries {@code fence}, the fencing token of the lease it was last written under; a write
     * under a lower token (a host that lost the lease and does not know it yet) is refused by DynamoDB.
     */
    @Override
    public boolean updateConnection(InstanceKey key, String instanceId, Connection connection, long fence) {
        return updateConnection(key, instanceId, connection, Long.valueOf(fence));
    }

    private boolean updateConnection(InstanceKey key, String instanceId, Connection connection, Long fence) {
        Map<String, AttributeValue> values = InstanceItems.connectionAttributes(connection);
        StringBuilder set = new StringBuilder();
        StringBuilder remove = new StringBuilder();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> vals = new HashMap<>();
        int i = 0;
        for (String field : InstanceItems.CONNECTION_FIELDS) {
            names.put("#f" + i, field);
            if (values.containsKey(field)) {
                set.append(set.isEmpty() ? "SET " : ", ")
                        .append("#f")
                        .append(i)
                        .append(" = :v")
                        .append(i);
                vals.put(":v" + i, values.get(field));
            } else {
                remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("#f").append(i);
            }
            i++;
        }
        names.put("#id", "id");
        vals.put(":id", AttributeValue.fromS(instanceId));
        if (fence == null) {
            return conditionalUpdate(key, set + remove.toString(), names, vals);
        }
        names.put("#fence", "fence");
        vals.put(":fence", AttributeValue.fromN(Long.toString(fence)));
        return conditionalUpdate(
                key,
                set.append(set.isEmpty() ? "SET " : ", ").append("#fence = :fence") + remove.toString(),
                "#id = :id AND (attribute_not_exists(#fence) OR #fence <= :fence)",
                names,
                vals);
    }

    @Override
    public boolean updateProfile(InstanceKey key, String instanceId, Profile profile) {
        return conditionalUpdate(
                key,
                "SET #p = :p",
                Map.of("#p", "profile", "#id", "id"),
                Map.of(
                        ":p",
                        AttributeValue.fromM(InstanceItems.profileAttributes(profile)),
                        ":id",
                        AttributeValue.fromS(instanceId)));
    }

    @Override
    public boolean recordOfflineSync(InstanceKey key, String instanceId, OfflineSync sync) {
        return conditionalUpdate(
                key,
                "SET #s = :s",
                Map.of("#s", LAST_OFFLINE_SYNC, "#id", "id"),
                Map.of(
                        ":s",
                        AttributeValue.fromM(Map.of(
                                "count",
                                AttributeValue.fromN(Integer.toString(sync.count())),
                                "at",
                                AttributeValue.fromS(sync.at().toString()))),
                        ":id",
                        AttributeValue.fromS(instanceId)));
    }

    private boolean conditionalUpdate(
            InstanceKey key, String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        return conditionalUpdate(key, expression, "#id = :id", names, values);
    }

    private boolean conditionalUpdate(
            InstanceKey key,
            String expression,
            String condition,
            Map<String, String> names,
            Map<String, AttributeValue> values) {
        try {
            DynamoErrors.call(
                    "instance.updateConnection",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(Map.of(
                                    "accountId",
                                    AttributeValue.fromS(key.accountId()),
                                    "name",
                                    AttributeValue.fromS(key.name())))
                            .updateExpression(expression)
                            .conditionExpression(condition)
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(values)));
            return true;
        } catch (io.zapgate.core.error.ZapgateException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<Instance> resumable() {
        List<Instance> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = DynamoErrors.call(
                    "instance.resumable",
                    () -> dynamo.scan(b -> b.tableName(table)
                            .filterExpression("hasSession = :t AND (#s = :connected OR #s = :connecting OR "
                                    + "(#s = :disconnected AND lastDisconnect.reason = :shutdown))")
                            .expressionAttributeNames(Map.of("#s", "state"))
                            .expressionAttributeValues(Map.of(
                                    ":t",
                                    AttributeValue.fromBool(true),
                                    ":connected",
                                    AttributeValue.fromS("connected"),
                                    ":connecting",
                                    AttributeValue.fromS("connecting"),
                                    ":disconnected",
                                    AttributeValue.fromS("disconnected"),
                                    ":shutdown",
                                    AttributeValue.fromS("host_shutdown")))
                            .exclusiveStartKey(from)));
            page.items().forEach(i -> out.add(items.fromItem(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }
}
