package io.zapgate.aws;

import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.SessionLeases;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Writes command results to the results table, whose stream the waiting Lambda reads. Rows expire by TTL
 * after an hour; the QR code is in the row only for the waiting request. A fenced publish (a session's result)
 * is one TransactWriteItems: a ConditionCheck on the leases row ({@code owner = :me AND fencing = :mine}) and the
 * Put, so a host that lost the instance writes nothing.
 */
public final class DynamoDbCommandResultSink implements CommandResultSink {
    static final Duration KEEP = Duration.ofHours(1);
    private final DynamoDbClient dynamo;
    private final String table;
    private final String leasesTable;

    /** A sink without a leases table: fenced publishes are written unchecked. */
    public DynamoDbCommandResultSink(DynamoDbClient dynamo, String resultsTable) {
        this(dynamo, resultsTable, null);
    }

    /** @param leasesTable the session leases table fenced publishes are checked against (null: unchecked) */
    public DynamoDbCommandResultSink(DynamoDbClient dynamo, String resultsTable, String leasesTable) {
        this.dynamo = dynamo;
        this.table = resultsTable;
        this.leasesTable = leasesTable;
    }

    @Override
    public void publish(CommandResult r) {
        Map<String, AttributeValue> item = item(r);
        DynamoErrors.call(
                "result.publish", () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }

    @Override
    public boolean publish(CommandResult r, SessionLeases.Lease lease) {
        if (leasesTable == null) {
            publish(r);
            return true;
        }
        Map<String, AttributeValue> item = item(r);
        TransactWriteItem check = TransactWriteItem.builder()
                .conditionCheck(c -> c.tableName(leasesTable)
                        .key(Map.of("instanceId", AttributeValue.fromS(lease.instanceId())))
                        .conditionExpression("#o = :me AND fencing = :mine")
                        .expressionAttributeNames(Map.of("#o", "owner"))
                        .expressionAttributeValues(Map.of(
                                ":me",
                                AttributeValue.fromS(lease.owner()),
                                ":mine",
                                AttributeValue.fromN(Long.toString(lease.fencingToken())))))
                .build();
        TransactWriteItem put = TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item))
                .build();
        try {
            DynamoErrors.call(
                    "result.publishFenced", () -> dynamo.transactWriteItems(b -> b.transactItems(check, put)));
            return true;
        } catch (ZapgateException e) {
            if (e.getCause() instanceof TransactionCanceledException cancelled
                    && cancelled.hasCancellationReasons()
                    && !cancelled.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed"
                            .equals(cancelled.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, AttributeValue> item(CommandResult r) {
        return CommandResultItems.toItem(r, r.at().plus(KEEP).getEpochSecond());
    }
}
