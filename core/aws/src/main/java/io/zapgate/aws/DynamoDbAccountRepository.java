package io.zapgate.aws;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.Messages;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.AccountRepository;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Accounts table, written together with the account's token. */
public final class DynamoDbAccountRepository implements AccountRepository {
    private final DynamoDbClient dynamo;
    private final TableNames tables;

    public DynamoDbAccountRepository(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public void create(Account a, TokenRecord token) {
        Map<String, AttributeValue> item = Attrs.of()
                .s("accountId", a.id())
                .s("name", a.name())
                .n("instanceQuota", a.instanceQuota())
                .n("instanceCount", a.instanceCount())
                .t("createdAt", a.createdAt())
                .build();
        Transactions.write(
                dynamo,
                "account.create",
                List.of(
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(tables.accounts())
                                        .item(item)
                                        .conditionExpression("attribute_not_exists(accountId)"))
                                .build(),
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(tables.tokens())
                                        .item(DynamoDbTokenRepository.item(token))
                                        .conditionExpression("attribute_not_exists(tokenHash)"))
                                .build()),
                i -> i == 0
                        ? ZapgateException.conflict("Account already exists")
                        : ZapgateException.conflict(Messages.TOKEN_TAKEN));
    }

    @Override
    public Optional<Account> find(String accountId) {
        Map<String, AttributeValue> m = DynamoErrors.call(
                "account.find",
                () -> dynamo.getItem(b -> b.tableName(tables.accounts())
                                .key(key(accountId))
                                .consistentRead(true))
                        .item());
        if (m == null || m.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Account(
                accountId,
                Attrs.str(m, "name"),
                Attrs.integer(m, "instanceQuota"),
                Attrs.integer(m, "instanceCount"),
                Attrs.time(m, "createdAt")));
    }

    @Override
    public void setQuota(String accountId, int instanceQuota) {
        try {
            DynamoErrors.call(
                    "account.setQuota",
                    () -> dynamo.updateItem(b -> b.tableName(tables.accounts())
                            .key(key(accountId))
                            .updateExpression("SET instanceQuota = :q")
                            .conditionExpression("attribute_exists(accountId)")
                            .expressionAttributeValues(
                                    Map.of(":q", AttributeValue.fromN(Integer.toString(instanceQuota))))));
        } catch (ZapgateException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                throw ZapgateException.notFound("Account not found");
            }
            throw e;
        }
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", AttributeValue.fromS(accountId));
    }
}
