package io.zapgate.functions.support;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Runs a batch from a FIFO queue with ReportBatchItemFailures: message by message; once a message fails, the
 * later messages of its group (its instance) are reported failed without being tried, so the order survives
 * the retry. Other groups go on.
 */
public final class FifoBatch {
    private FifoBatch() {}

    /**
     * @param deliver   handles one message; false to have it retried
     * @param heldBack  told of each message held back behind a failed one (held back, failed), e.g. to delay it
     *                  like the failed one
     */
    public static SQSBatchResponse run(
            SQSEvent event,
            Predicate<SQSEvent.SQSMessage> deliver,
            BiConsumer<SQSEvent.SQSMessage, SQSEvent.SQSMessage> heldBack) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Map<String, SQSEvent.SQSMessage> failedGroups = new HashMap<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage m : records) {
            String group = m.getAttributes() == null ? null : m.getAttributes().get("MessageGroupId");
            SQSEvent.SQSMessage blocker = group == null ? null : failedGroups.get(group);
            if (blocker != null) {
                heldBack.accept(m, blocker);
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
            } else if (!deliver.test(m)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(m.getMessageId()));
                if (group != null) {
                    failedGroups.put(group, m);
                }
            }
        }
        return new SQSBatchResponse(failures);
    }
}
