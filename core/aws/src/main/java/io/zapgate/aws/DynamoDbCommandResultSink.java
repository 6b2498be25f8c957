package io.zapgate.aws;

import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResultSink;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes command results to the results table, whose stream the waiting Lambda reads. Rows expire by TTL
 * after an hour; the QR code is in the row only for the waiting request.
 */
public final class DynamoDbCommandResultSink implements CommandResultSink {
    static final Duration KEEP = Duration.ofHours(1);
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbCommandResultSink(DynamoDbClient dynamo, String resultsTable) {
        this.dynamo = dynamo;
        this.table = resultsTable;
    }

    @Override
    public void publish(CommandResult r) {
        Map<String, AttributeValue> item =
                CommandResultItems.toItem(r, r.at().plus(KEEP).getEpochSecond());
        DynamoErrors.call(
                "result.publish", () -> dynamo.putItem(b -> b.tableName(table).item(item)));
    }
}
