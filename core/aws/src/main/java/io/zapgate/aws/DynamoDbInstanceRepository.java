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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Instances table (key: accountId + name). Create and delete are transactions over the instance, its
 * token and the account's instance count, so the name, the token and the quota hold under any race.
 */
public final class DynamoDbInstanceRepository implements InstanceRepository {
    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final InstanceItems items;

    public DynamoDbInstanceRepository(DynamoDbClient dynamo, TableNames tables, SecretCipher cipher) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.items = new InstanceItems(cipher);
    }

    @Override
    public void create(Instance instance, TokenRecord token) {
        Transactions.write(dynamo, "instance.create", List.of(
                TransactWriteItem.builder().put(p -> p.tableName(tables.instances()).item(items.toItem(instance))
                        .conditionExpression("attribute_not_exists(accountId)")).build(),
                TransactWriteItem.builder().put(p -> p.tableName(tables.tokens())
                        .item(DynamoDbTokenRepository.item(token))
                        .conditionExpression("attribute_not_exists(tokenHash)")).build(),
                TransactWriteItem.builder().update(u -> u.tableName(tables.accounts())
                        .key(Map.of("accountId", AttributeValue.fromS(instance.accountId())))
                        .updateExpression("SET instanceCount = if_not_exists(instanceCount, :zero) + :one")
                        .conditionExpression("attribute_exists(accountId) AND "
                                + "(attribute_not_exists(instanceCount) OR instanceCount < instanceQuota)")
                        .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"),
                                ":one", AttributeValue.fromN("1")))).build()),
                i -> switch (i) {
                    case 0 -> ZapgateException.conflict(Messages.INSTANCE_NAME_TAKEN);
                    case 1 -> ZapgateException.conflict(Messages.TOKEN_TAKEN);
                    default -> ZapgateException.forbidden(Messages.QUOTA_EXCEEDED);
                });
    }

    @Override
    public Optional<Instance> find(InstanceKey key) {
        Map<String, AttributeValue> item = DynamoErrors.call("instance.find", () -> dynamo.getItem(b -> b
                .tableName(tables.instances()).key(key(key)).consistentRead(true)).item());
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(items.fromItem(item));
    }

    @Override
    public List<Instance> listByAccount(String accountId) {
        List<Instance> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = DynamoErrors.call("instance.list", () -> dynamo.query(b -> b
                    .tableName(tables.instances()).keyConditionExpression("accountId = :a")
                    .expressionAttributeValues(Map.of(":a", AttributeValue.fromS(accountId)))
                    .consistentRead(true).exclusiveStartKey(from)));
            page.items().forEach(i -> out.add(items.fromItem(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    @Override
    public void updateSettings(Instance current, Settings settings) {
        setBlock(current, "settings", InstanceItems.settings(settings));
    }

    @Override
    public void updateProxy(Instance current, ProxySettings proxy) {
        setBlock(current, "proxy", items.proxy(current.id(), proxy));
    }

    @Override
    public void updateS3(Instance current, S3Settings s3) {
        setBlock(current, "s3", items.s3(current.id(), s3));
    }

    /** One block, on that incarnation only (secrets are sealed under its id). */
    private void setBlock(Instance current, String attribute, Map<String, AttributeValue> value) {
        try {
            DynamoErrors.call("instance.update." + attribute, () -> dynamo.updateItem(b -> b
                    .tableName(tables.instances()).key(key(current.key())).updateExpression("SET #b = :v")
                    .conditionExpression("id = :id")
                    .expressionAttributeNames(Map.of("#b", attribute))
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromM(value),
                            ":id", AttributeValue.fromS(current.id())))));
        } catch (ZapgateException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                throw ZapgateException.notFound(Messages.INSTANCE_NOT_FOUND);
            }
            throw e;
        }
    }

    @Override
    public boolean delete(Instance instance) {
        try {
            Transactions.write(dynamo, "instance.delete", List.of(
                    TransactWriteItem.builder().delete(d -> d.tableName(tables.instances()).key(key(instance.key()))
                            .conditionExpression("id = :id")
                            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(instance.id())))).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(tables.tokens())
                            .key(Map.of("tokenHash", AttributeValue.fromS(instance.tokenHash())))).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(tables.accounts())
                            .key(Map.of("accountId", AttributeValue.fromS(instance.accountId())))
                            .updateExpression("SET instanceCount = instanceCount - :one")
                            .conditionExpression("attribute_exists(accountId)")
                            .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build()),
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
