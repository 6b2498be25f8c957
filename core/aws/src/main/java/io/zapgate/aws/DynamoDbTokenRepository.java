package io.zapgate.aws;

import io.zapgate.core.auth.TokenKind;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.port.TokenRepository;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Tokens table: one item per token hash, pointing at its account (and instance). Reads are strongly
 * consistent: a token deleted with its instance must not still open a request right after.
 */
public final class DynamoDbTokenRepository implements TokenRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTokenRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<TokenRecord> lookup(String tokenHash) {
        Map<String, AttributeValue> item = DynamoErrors.call(
                "token.lookup",
                () -> dynamo.getItem(b -> b.tableName(table)
                                .consistentRead(true)
                                .key(Map.of("tokenHash", AttributeValue.fromS(tokenHash))))
                        .item());
        return record(tokenHash, item);
    }

    /** The record an item holds; empty for a null or empty item. */
    static Optional<TokenRecord> record(String tokenHash, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TokenRecord(
                tokenHash,
                TokenKind.valueOf(Attrs.str(item, "kind")),
                Attrs.str(item, "accountId"),
                Attrs.str(item, "instanceName"),
                Attrs.str(item, "instanceId")));
    }

    static Map<String, AttributeValue> item(TokenRecord t) {
        return Attrs.of()
                .s("tokenHash", t.tokenHash())
                .s("kind", t.kind().name())
                .s("accountId", t.accountId())
                .s("instanceName", t.instanceName())
                .s("instanceId", t.instanceId())
                .build();
    }
}
