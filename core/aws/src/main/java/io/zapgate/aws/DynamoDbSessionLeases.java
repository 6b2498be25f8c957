package io.zapgate.aws;

import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Session ownership in DynamoDB: one item per instance with owner, expiry and a fencing token that grows
 * each time the owner changes. Renewing is one conditional UpdateItem; taking a free or expired lease, a second.
 * An instance that should be live carries {@code shard} (0..15), {@code accountId} and {@code instanceName}; the
 * sparse index {@value #BY_SHARD} on (shard, expiresAt) lets the sweep find lapsed leases with one Query per
 * shard. Released leases keep the row (and its fencing counter) with {@code expiresAt = 0}.
 */
public final class DynamoDbSessionLeases implements SessionLeases {
    /** The leases table's index on (shard, expiresAt): instances that should be live, by expiry. */
    public static final String BY_SHARD = "byShardExpiry";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    /** This host's own command queue, written as {@code queueUrl} on every lease it acquires; null = none. */
    private final String queueUrl;

    public DynamoDbSessionLeases(DynamoDbClient dynamo, String leasesTable, Clock clock) {
        this(dynamo, leasesTable, clock, null);
    }

    /**
     * @param queueUrl the acquiring host's own command queue: every lease it acquires or renews names it, so other
     *     hosts forward the instance's commands there (null: the rows name no queue)
     */
    public DynamoDbSessionLeases(DynamoDbClient dynamo, String leasesTable, Clock clock, String queueUrl) {
        this.dynamo = dynamo;
        this.table = leasesTable;
        this.clock = clock;
        this.queueUrl = queueUrl;
    }

    @Override
    public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
        return acquire(instanceId, owner, ttl, null);
    }

    @Override
    public Optional<Lease> acquire(String instanceId, String owner, Duration ttl, Subject subject) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":me", AttributeValue.fromS(owner));
        values.put(":until", AttributeValue.fromN(Long.toString(now.plus(ttl).toEpochMilli())));
        String live = "";
        if (subject != null) {
            live = ", #sh = :shard, accountId = :acc, instanceName = :name";
            values.put(":shard", AttributeValue.fromN(Integer.toString(SessionLeases.shardOf(instanceId))));
            values.put(":acc", AttributeValue.fromS(subject.accountId()));
            values.put(":name", AttributeValue.fromS(subject.instanceName()));
        }
        if (queueUrl != null) {
            live += ", queueUrl = :q";
            values.put(":q", AttributeValue.fromS(queueUrl));
        }
        Map<String, AttributeValue> renewValues = Map.copyOf(values);
        if (subject == null) {
            // a renewal (or a detached job): the lease is usually ours already, one call
            Optional<Lease> renewed = update(instanceId, "SET expiresAt = :until" + live, "#o = :me", renewValues);
            if (renewed.isPresent()) {
                return renewed;
            }
        }
        // a session opening: the lease is usually free or expired, so the take goes first (one call); a lease
        // that is ours and live is renewed below
        values.put(":now", AttributeValue.fromN(Long.toString(now.toEpochMilli())));
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":one", AttributeValue.fromN("1"));
        Optional<Lease> taken = update(
                instanceId,
                "SET #o = :me, expiresAt = :until, since = :now, fencing = if_not_exists(fencing, :zero) + :one" + live,
                "attribute_not_exists(#o) OR expiresAt < :now",
                values);
        if (taken.isPresent()) {
            return taken;
        }
        // a take whose answer was lost (a timed-out attempt that DynamoDB applied) is retried by the SDK and then
        // refused, because the lease is ours by now: without this the host would not know it holds the lease and
        // nobody could take the instance until it expired
        return update(instanceId, "SET expiresAt = :until" + live, "#o = :me", renewValues);
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
                            .expressionAttributeNames(names(expression))
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
        // the row stays (with its fencing token and shard): expiresAt 0 puts it first in the sweep's query
        give(instanceId, owner, "SET expiresAt = :zero REMOVE #o", "lease.release");
    }

    @Override
    public void forget(String instanceId, String owner) {
        // without shard the sparse index forgets the row; the fencing counter stays
        give(instanceId, owner, "SET expiresAt = :zero REMOVE #o, #sh", "lease.forget");
    }

    private void give(String instanceId, String owner, String expression, String op) {
        try {
            DynamoErrors.call(
                    op,
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(instanceId))
                            .updateExpression(expression)
                            .conditionExpression("#o = :me")
                            .expressionAttributeNames(names(expression))
                            .expressionAttributeValues(
                                    Map.of(":me", AttributeValue.fromS(owner), ":zero", AttributeValue.fromN("0")))));
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

    @Override
    public List<Orphan> orphans(int shard, Instant now, int limit) {
        var page = DynamoErrors.call(
                "lease.orphans",
                () -> dynamo.query(b -> b.tableName(table)
                        .indexName(BY_SHARD)
                        .keyConditionExpression("#sh = :s AND expiresAt < :now")
                        .expressionAttributeNames(Map.of("#sh", "shard"))
                        .expressionAttributeValues(Map.of(
                                ":s",
                                AttributeValue.fromN(Integer.toString(shard)),
                                ":now",
                                AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
                        .limit(limit)));
        List<Orphan> out = new ArrayList<>();
        for (Map<String, AttributeValue> m : page.items()) {
            out.add(new Orphan(
                    Attrs.str(m, "instanceId"),
                    new Subject(Attrs.str(m, "accountId"), Attrs.str(m, "instanceName")),
                    Instant.ofEpochMilli(Long.parseLong(m.get("expiresAt").n()))));
        }
        return out;
    }

    @Override
    public void heartbeat(String hostId, String hostQueueUrl, int sessions, Duration ttl) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("instanceId", AttributeValue.fromS(HOST_PREFIX + hostId));
        item.put("hostId", AttributeValue.fromS(hostId));
        item.put("shard", AttributeValue.fromN(Integer.toString(HOST_SHARD)));
        item.put(
                "expiresAt",
                AttributeValue.fromN(Long.toString(clock.instant().plus(ttl).toEpochMilli())));
        item.put("sessions", AttributeValue.fromN(Integer.toString(sessions)));
        if (hostQueueUrl != null) {
            item.put("queueUrl", AttributeValue.fromS(hostQueueUrl));
        }
        DynamoErrors.call(
                "lease.heartbeat", () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public void endHeartbeat(String hostId) {
        DynamoErrors.call(
                "lease.endHeartbeat",
                () -> dynamo.deleteItem(b -> b.tableName(table).key(key(HOST_PREFIX + hostId))));
    }

    @Override
    public List<Host> liveHosts(Instant now) {
        return hosts("#sh = :s AND expiresAt >= :t", now, Integer.MAX_VALUE);
    }

    @Override
    public List<Host> lapsedHosts(Instant before, int limit) {
        return hosts("#sh = :s AND expiresAt < :t", before, limit);
    }

    private List<Host> hosts(String condition, Instant t, int limit) {
        List<Host> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = DynamoErrors.call(
                    "lease.hosts",
                    () -> dynamo.query(b -> b.tableName(table)
                            .indexName(BY_SHARD)
                            .keyConditionExpression(condition)
                            .expressionAttributeNames(Map.of("#sh", "shard"))
                            .expressionAttributeValues(Map.of(
                                    ":s",
                                    AttributeValue.fromN(Integer.toString(HOST_SHARD)),
                                    ":t",
                                    AttributeValue.fromN(Long.toString(t.toEpochMilli()))))
                            .exclusiveStartKey(from)));
            for (Map<String, AttributeValue> m : page.items()) {
                if (out.size() >= limit) {
                    return out;
                }
                out.add(new Host(
                        Attrs.str(m, "hostId"),
                        Attrs.str(m, "queueUrl"),
                        m.containsKey("sessions")
                                ? Integer.parseInt(m.get("sessions").n())
                                : 0,
                        Instant.ofEpochMilli(Long.parseLong(m.get("expiresAt").n()))));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public boolean holdsLiveLease(String hostId, Instant now) {
        for (int shard = 0; shard < SHARDS; shard++) {
            int s = shard;
            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = DynamoErrors.call(
                        "lease.holdsLive",
                        () -> dynamo.query(b -> b.tableName(table)
                                .indexName(BY_SHARD)
                                .keyConditionExpression("#sh = :s AND expiresAt >= :now")
                                .filterExpression("#o = :h")
                                .projectionExpression("instanceId")
                                .expressionAttributeNames(Map.of("#sh", "shard", "#o", "owner"))
                                .expressionAttributeValues(Map.of(
                                        ":s",
                                        AttributeValue.fromN(Integer.toString(s)),
                                        ":now",
                                        AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                                        ":h",
                                        AttributeValue.fromS(hostId)))
                                .exclusiveStartKey(from)));
                if (!page.items().isEmpty()) {
                    return true;
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey()
                        : null;
            } while (start != null);
        }
        return false;
    }

    @Override
    public boolean removeHost(String hostId, Instant before) {
        try {
            DynamoErrors.call(
                    "lease.removeHost",
                    () -> dynamo.deleteItem(b -> b.tableName(table)
                            .key(key(HOST_PREFIX + hostId))
                            .conditionExpression("expiresAt < :t")
                            .expressionAttributeValues(
                                    Map.of(":t", AttributeValue.fromN(Long.toString(before.toEpochMilli()))))));
            return true;
        } catch (io.zapgate.core.error.ZapgateException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return false;
            }
            throw e;
        }
    }

    /** {@code #o} (owner), and {@code #sh} (shard, a reserved word) when the expression names it. */
    private static Map<String, String> names(String expression) {
        return expression.contains("#sh") ? Map.of("#o", "owner", "#sh", "shard") : Map.of("#o", "owner");
    }

    private static Lease lease(String instanceId, Map<String, AttributeValue> m) {
        return new Lease(
                instanceId,
                Attrs.str(m, "owner"),
                Long.parseLong(m.get("fencing").n()),
                Instant.ofEpochMilli(Long.parseLong(m.get("expiresAt").n())),
                Attrs.str(m, "queueUrl"));
    }

    private static Map<String, AttributeValue> key(String instanceId) {
        return Map.of("instanceId", AttributeValue.fromS(instanceId));
    }
}
