package io.zapgate.sessionhost;

import io.zapgate.aws.EventCodec;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.InstanceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads one instance's events off the real FIFO event queue (long polls: no sleeping). */
final class EventQueueWatcher {
    private final SqsClient sqs;
    private final String queueUrl;
    private final String instanceId;
    final List<InstanceEvent> seen = new ArrayList<>();
    /** Event id → the sender's fencing token ({@code zapgateFence}), for the events sent with one. */
    final java.util.Map<String, Long> fences = new java.util.HashMap<>();

    EventQueueWatcher(SqsClient sqs, String queueUrl, String instanceId) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.instanceId = instanceId;
    }

    /** Waits for the next event of this instance in {@code state}, consuming the ones before it. */
    InstanceEvent awaitState(InstanceState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames(EventPublisher.FENCE_ATTRIBUTE))
                    .messages();
            InstanceEvent found = null;
            for (Message m : batch) {
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
                InstanceEvent e = EventCodec.decode(m.body());
                if (e.instanceId().equals(instanceId)) {
                    seen.add(e);
                    var fence = m.messageAttributes().get(EventPublisher.FENCE_ATTRIBUTE);
                    if (fence != null) {
                        fences.put(e.eventId(), Long.parseLong(fence.stringValue()));
                    }
                    if (found == null && e.state() == state) {
                        found = e;
                    }
                }
            }
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no " + state + " event within " + timeout + "; saw " + seen);
    }
}
