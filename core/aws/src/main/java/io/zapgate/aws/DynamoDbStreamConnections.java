package io.zapgate.aws;

import io.zapgate.core.session.StreamConnection;
import io.zapgate.core.session.StreamConnections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stream connections in DynamoDB: one item per connection id, found by account through the
 * {@value #ACCOUNT_INDEX} index. {@code expiresAt} (epoch seconds) is the table's TTL attribute; since TTL
 * deletes late, expired items are also filtered out when listing.
 */
public final class DynamoDbStreamConnections implements StreamConnections {
    /** The global secondary index on {@code accountId} (template.yaml, WsConnectionsTable). */
    public static final String ACCOUNT_INDEX = "byAccount";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbStreamConnections(DynamoDbClient dynamo, String connectionsTable) {
        this.dynamo = dynamo;
        this.table = connectionsTable;
    }

    @Override
    public void save(StreamConnection c) {
        Attrs item = Attrs.of()
                .s("connectionId", c.connectionId())
                .s("accountId", c.accountId())
                .s("instanceId", c.instanceId())
                .t("connectedAt", c.connectedAt())
                .n("expiresAt", c.expiresAt().getEpochSecond());
        if (c.instanceNames() != null) {
            item.l("instances", c.instanceNames().stream().sorted().toList());
        }
        DynamoErrors.call(
                "stream.save", () -> dynamo.putItem(b -> b.tableName(table).item(item.build())));
    }

    @Override
    public void delete(String connectionId) {
        DynamoErrors.call(
                "stream.delete",
                () -> dynamo.deleteItem(
                        b -> b.tableName(table).key(Map.of("connectionId", AttributeValue.fromS(connectionId)))));
    }

    @Override
    public List<StreamConnection> listForAccount(String accountId, Instant now) {
        Map<String, AttributeValue> values = Map.of(
                ":a",
                AttributeValue.fromS(accountId),
                ":now",
                AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        List<StreamConnection> out = new ArrayList<>();
        DynamoErrors.call("stream.list", () -> {
            dynamo.queryPaginator(b -> b.tableName(table)
                            .indexName(ACCOUNT_INDEX)
                            .keyConditionExpression("accountId = :a")
                            .filterExpression("expiresAt > :now")
                            .expressionAttributeValues(values))
                    .items()
                    .forEach(item -> out.add(connection(item)));
            return null;
        });
        return out;
    }

    private static StreamConnection connection(Map<String, AttributeValue> m) {
        return new StreamConnection(
                Attrs.str(m, "connectionId"),
                Attrs.str(m, "accountId"),
                m.containsKey("instances") ? new HashSet<>(Attrs.list(m, "instances")) : null,
                Attrs.str(m, "instanceId"),
                Attrs.time(m, "connectedAt"),
                Instant.ofEpochSecond(Long.parseLong(m.get("expiresAt").n())));
    }
}
