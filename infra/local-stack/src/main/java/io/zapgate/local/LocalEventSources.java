package io.zapgate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.zapgate.core.log.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Local Lambda event source mappings for the template's SQS-triggered functions: long-polls each queue, hands
 * batches to the handler as an {@link SQSEvent}, deletes what succeeded and leaves reported failures for SQS
 * to redeliver (and dead-letter), as the Lambda service does with ReportBatchItemFailures.
 */
final class LocalEventSources implements AutoCloseable {
    private static final Log LOG = Log.get(LocalEventSources.class);
    private final SqsClient sqs;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    LocalEventSources(SqsClient sqs) {
        this.sqs = sqs;
    }

    void start(String queueUrl, String queueArn, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        pollers.add(Thread.ofVirtual()
                .name("sqs-source-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1))
                .start(() -> poll(queueUrl, queueArn, handler)));
    }

    private void poll(String queueUrl, String queueArn, RequestHandler<SQSEvent, SQSBatchResponse> handler) {
        while (running) {
            try {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(1)
                                .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                        .messages();
                if (!batch.isEmpty()) {
                    dispatch(queueUrl, queueArn, handler, batch);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("local event source failed; retrying", e, "queue", queueUrl);
                    pause();
                }
            }
        }
    }

    private void dispatch(
            String queueUrl, String arn, RequestHandler<SQSEvent, SQSBatchResponse> handler, List<Message> batch) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message m : batch) {
            SQSEvent.SQSMessage r = new SQSEvent.SQSMessage();
            r.setMessageId(m.messageId());
            r.setReceiptHandle(m.receiptHandle());
            r.setBody(m.body());
            r.setEventSource("aws:sqs");
            r.setEventSourceArn(arn);
            Map<String, String> attrs = new HashMap<>();
            m.attributes().forEach((k, v) -> attrs.put(k.toString(), v));
            r.setAttributes(attrs);
            records.add(r);
        }
        event.setRecords(records);
        Set<String> failed;
        try {
            SQSBatchResponse response = handler.handleRequest(event, null);
            failed = response == null || response.getBatchItemFailures() == null
                    ? Set.of()
                    : response.getBatchItemFailures().stream()
                            .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                            .collect(Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.error("SQS handler failed; the whole batch will be retried", e, "queue", queueUrl);
            return;
        }
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : pollers) {
            try {
                t.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
