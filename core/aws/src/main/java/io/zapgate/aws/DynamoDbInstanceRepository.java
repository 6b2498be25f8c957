package io.zapgate.aws;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.port.InstanceRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Instances table (key: accountId + name). Create and delete are transactions over the instance, its
 * token and the account's instance count, so the name, the token and the quota hold under any race. Block
 * updates (settings, proxy, S3) are optimistic: conditioned on a per-block version, re-applied on a lost race.
 */
public final class DynamoDbInstanceRepository implements InstanceRepository {
    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final InstanceItems items;
    /** How often a block update is tried against racing writers before it answers 409. */
    static final int UPDATE_ATTEMPTS = 25;

    public DynamoDbInstanceRepository(DynamoDbClient dynamo, TableNames tables, SecretCipher cipher) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.items = new InstanceItems(cipher);
    }

    @Override
    public void create(Instance instance, TokenRecord token) {
        Transactions.write(
                dynamo,
                "instance.create",
                List.of(
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(tables.instances())
                                        .item(items.toItem(instance))
                                        .conditionExpression("attribute_not_exists(accountId)"))
                                .build(),
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(tables.tokens())
                                        .item(DynamoDbTokenRepository.item(token))
                                        .conditionExpression("attribute_not_exists(tokenHash)"))
                                .build(),
                        TransactWriteItem.builder()
                                .update(u -> u.tableName(tables.accounts())
                                        .key(Map.of("accountId", AttributeValue.fromS(instance.accountId())))
                                        .updateExpression(
                                                "SET instanceCount = if_not_exists(instanceCount, :zero) + :one")
                                        .conditionExpression(
                                                "attribute_exists(accountId) AND "
                                                        + "(attribute_not_exists(instanceCount) OR instanceCount < instanceQuota)")
                                        .expressionAttributeValues(Map.of(
                                                ":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"))))
                                .build()),
                i -> switch (i) {
                    case 0 -> ZapgateException.conflict(Messages.INSTANCE_NAME_TAKEN);
                    case 1 -> ZapgateException.conflict(Messages.TOKEN_TAKEN);
                    default -> ZapgateException.forbidden(Messages.QUOTA_EXCEEDED);
                });
    }

    @Override
    public Optional<Instance> find(InstanceKey key) {
        Map<String, AttributeValue> item = DynamoErrors.call(
                "instance.find",
                () -> dynamo.getItem(b ->
                                b.tableName(tables.instances()).key(key(key)).consistentRead(true))
                        .item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(items.fromItem(item));
    }

    @Override
    public List<Instance> listByAccount(String accountId) {
        List<Instance> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = DynamoErrors.call(
                    "instance.list",
                    () -> dynamo.query(b -> b.tableName(tables.instances())
                            .keyConditionExpression("accountId = :a")
                            .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(accountId)))
                            .consistentRead(true)
                            .exclusiveStartKey(from)));
            page.items().forEach(i -> out.add(items.fromItem(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public Settings changeSettings(Instance current, UnaryOperator<Settings> change) {
        return changeBlock(current, "settings", stored -> {
            Settings next = change.apply(InstanceItems.settings(stored));
            return new Encoded<>(next, InstanceItems.settings(next));
        });
    }

    @Override
    public ProxySettings changeProxy(Instance current, UnaryOperator<ProxySettings> change) {
        return changeBlock(current, "proxy", stored -> {
            ProxySettings next = change.apply(items.proxy(current.id(), stored));
            return new Encoded<>(next, items.proxy(current.id(), next, stored));
        });
    }

    @Override
    public S3Settings changeS3(Instance current, UnaryOperator<S3Settings> change) {
        return changeBlock(current, "s3", stored -> {
            S3Settings next = change.apply(items.s3(current.id(), stored));
            return new Encoded<>(next, items.s3(current.id(), next, stored));
        });
    }

    @Override
    public io.zapgate.core.instance.WebhookSettings changeWebhook(
            Instance current, UnaryOperator<io.zapgate.core.instance.WebhookSettings> change) {
        return changeBlock(current, "webhook", stored -> {
            var next = change.apply(items.webhook(current.id(), stored));
            return new Encoded<>(next, items.webhook(current.id(), next));
        });
    }

    /** A block's new value and the attribute map that stores it. */
    private record Encoded<T>(T value, Map<String, AttributeValue> item) {}

    /**
     * Read, change, write one block of that incarnation, conditioned on the block's version (attribute
     * {@code <block>Version}) being the one read: a writer that lost the race reads again and re-applies its
     * change to the winner's block, so racing partial updates never drop one another. Other attributes (the
     * connection, written by the session host) do not take part in the race.
     */
    private <T> T changeBlock(
            Instance current, String block, Function<Map<String, AttributeValue>, Encoded<T>> change) {
        String version = block + "Version";
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> item = DynamoErrors.call(
                    "instance.read." + block,
                    () -> dynamo.getItem(b -> b.tableName(tables.instances())
                                    .key(key(current.key()))
                                    .consistentRead(true))
                            .item());
            if (item == null || item.isEmpty() || !current.id().equals(Attrs.str(item, "id"))) {
                throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
            }
            Encoded<T> next = change.apply(Attrs.map(item, block));
            AttributeValue read = item.get(version);
            long seen = read == null || read.n() == null ? 0 : Long.parseLong(read.n());
            Map<String, AttributeValue> values = new HashMap<>(Map.of(
                    ":v",
                    AttributeValue.fromM(next.item()),
                    ":id",
                    AttributeValue.fromS(current.id()),
                    ":next",
                    AttributeValue.fromN(Long.toString(seen + 1))));
            String condition = "id = :id AND attribute_not_exists(#ver)";
            if (read != null) {
                condition = "id = :id AND #ver = :seen";
                values.put(":seen", read);
            }
            String when = condition;
            try {
                DynamoErrors.call(
                        "instance.update." + block,
                        () -> dynamo.updateItem(b -> b.tableName(tables.instances())
                                .key(key(current.key()))
                                .updateExpression("SET #b = :v, #ver = :next")
                                .conditionExpression(when)
                                .expressionAttributeNames(Map.of("#b", block, "#ver", version))
                                .expressionAttributeValues(values)));
                return next.value();
            } catch (ZapgateException e) {
                if (!(e.getCause() instanceof ConditionalCheckFailedException)) {
                    throw e;
                }
                if (attempt >= UPDATE_ATTEMPTS) {
                    throw ZapgateException.conflict(Messages.CONCURRENT_UPDATE);
                }
                backOff(attempt);
            }
        }
    }

    /** A short random pause so racing writers spread out (at most about 50 ms). */
    private static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(50, 1L << attempt) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while updating an instance", e);
        }
    }

    @Override
    public boolean delete(Instance instance) {
        try {
            Transactions.write(
                    dynamo,
                    "instance.delete",
                    List.of(
                            TransactWriteItem.builder()
                                    .delete(d -> d.tableName(tables.instances())
                                            .key(key(instance.key()))
                                            .conditionExpression("id = :id")
                                            .expressionAttributeValues(
                                                    Map.of(":id", AttributeValue.fromS(instance.id()))))
                                    .build(),
                            TransactWriteItem.builder()
                                    .delete(d -> d.tableName(tables.tokens())
                                            .key(Map.of("tokenHash", AttributeValue.fromS(instance.tokenHash()))))
                                    .build(),
                            TransactWriteItem.builder()
                                    .update(u -> u.tableName(tables.accounts())
                                            .key(Map.of("accountId", AttributeValue.fromS(instance.accountId())))
                                            .updateExpression("SET instanceCount = instanceCount - :one")
                                            .conditionExpression("attribute_exists(accountId)")
                                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                                    .build()),
                    i -> ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND));
            return true;
        } catch (ZapgateException e) {
            if (e.getMessage().equals(Messages.INSTANCE_NOT_FOUND)) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, AttributeValue> key(InstanceKey k) {
        return Map.of("accountId", AttributeValue.fromS(k.accountId()), "name", AttributeValue.fromS(k.name()));
    }
}
