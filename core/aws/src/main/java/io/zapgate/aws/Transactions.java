package io.zapgate.aws;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Runs a TransactWriteItems. A condition failure is mapped, by the index of the failed item, to a domain
 * error; a conflict with a concurrent transaction is retried with jitter (the SDK does not retry those).
 */
final class Transactions {
    private static final int MAX_ATTEMPTS = 12;

    private Transactions() {}

    /**
     * @param onConditionFailed maps the index of the item whose condition failed to the error to throw
     */
    static void write(
            DynamoDbClient dynamo,
            String operation,
            List<TransactWriteItem> items,
            IntFunction<ZapgateException> onConditionFailed) {
        for (int attempt = 1; ; attempt++) {
            try {
                DynamoErrors.call(operation, () -> dynamo.transactWriteItems(b -> b.transactItems(items)));
                return;
            } catch (ZapgateException e) {
                if (!(e.getCause() instanceof TransactionCanceledException tce)) {
                    throw e;
                }
                List<CancellationReason> reasons = tce.cancellationReasons();
                for (int i = 0; i < reasons.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        throw onConditionFailed.apply(i);
                    }
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage busy, try again", tce);
                }
                backoff(attempt);
            }
        }
    }

    private static void backoff(int attempt) {
        long max = Math.min(200, 5L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, max + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Interrupted");
        }
    }
}
