package io.zapgate.aws;

import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Session ownership in DynamoDB: one item per instance with owner, expiry and a fencing token that grows
 * each time the owner changes. Renewing is one conditional UpdateItem; taking a free or expired lease, a second.
 */
public final class DynamoDbSessionLeases implements SessionLeases {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDbSessionLeases(DynamoDbClient dynamo, String leasesTable, Clock clock) {
        this.dynamo = dynamo;
        this.table = leasesTable;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
        Instant now = clock.instant();
        String until = Long.toString(now.plus(ttl).toEpochMilli());
        String nowMs = Long.toString(now.toEpochMilli());
        Optional<Lease> renewed = update(
                instanceId,
                "SET expiresAt = :until",
                "#o = :me",
                Map.of(":me", AttributeValue.fromS(owner), ":until", AttributeValue.fromN(until)));
        if (renewed.isPresent()) {
            return renewed;
        }
        return update(
                instanceId,
                "SET #o = :me, expiresAt = :until, since = :now, " + "fencing = if_not_exists(fencing, :zero) + :one",
                "attribute_not_exists(#o) OR expiresAt < :now",
                Map.of(
                        ":me",
                        AttributeValue.fromS(owner),
                        ":until",
                        AttributeValue.fromN(until),
                        ":now",
                        AttributeValue.fromN(nowMs),
                        ":zero",
                        AttributeValue.fromN("0"),
                        ":one",
                        AttributeValue.fromN("1")));
    }

    private Optional<Lease> update(
            String instanceId, String expression, String condition, Map<String, AttributeValue> values) {
        try {
            var r = DynamoErrors.call(
                    "lease.acquire",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(instanceId))
                            .updateExpression(expression)
                            .conditionExpression(condition)
                            .expressionAttributeNames(Map.of("#o", "owner"))
                            .expressionAttributeValues(values)
                            .returnValues(ReturnValue.ALL_NEW)));
            return Optional.of(lease(instanceId, r.attributes()));
        } catch (io.zapgate.core.error.ZapgateException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void release(String instanceId, String owner) {
        try {
            // the row stays (with its fencing token) so the next owner's token is higher still
            DynamoErrors.call(
                    "lease.release",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(instanceId))
                            .updateExpression("REMOVE #o, expiresAt")
                            .conditionExpression("#o = :me")
                            .expressionAttributeNames(Map.of("#o", "owner"))
                            .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner)))));
        } catch (io.zapgate.core.error.ZapgateException e) {
            if (!(e.getCause() instanceof ConditionalCheckFailedException)) {
                throw e;
            }
        }
    }

    @Override
    public Optional<Lease> current(String instanceId) {
        var item = DynamoErrors.call(
                "lease.current",
                () -> dynamo.getItem(
                                b -> b.tableName(table).key(key(instanceId)).consistentRead(true))
                        .item());
        return item == null || item.get("owner") == null ? Optional.empty() : Optional.of(lease(instanceId, item));
    }

    private static Lease lease(String instanceId, Map<String, AttributeValue> m) {
        return new Lease(
                instanceId,
                Attrs.str(m, "owner"),
                Long.parseLong(m.get("fencing").n()),
                Instant.ofEpochMilli(Long.parseLong(m.get("expiresAt").n())));
    }

    private static Map<String, AttributeValue> key(String instanceId) {
        return Map.of("instanceId", AttributeValue.fromS(instanceId));
    }
}
