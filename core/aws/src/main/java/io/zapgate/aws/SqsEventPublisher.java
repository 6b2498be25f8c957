package io.zapgate.aws;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.InstanceEvent;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Publishes events to the FIFO event queue, one message group per instance, so delivery keeps each
 * instance's events in order (a failing webhook holds back that instance's later events, not others'). An
 * event of a session carries its host's lease fencing token as the message attribute {@value
 * #FENCE_ATTRIBUTE}.
 */
public final class SqsEventPublisher implements EventPublisher {
    private static final Log LOG = Log.get(SqsEventPublisher.class);
    private final SqsClient sqs;
    private final java.util.List<String> queueUrls;

    public SqsEventPublisher(SqsClient sqs, String queueUrl) {
        this(sqs, java.util.List.of(queueUrl));
    }

    /** Publishes every event to each queue (webhooks, WebSocket stream): each consumer has its own queue. */
    public SqsEventPublisher(SqsClient sqs, java.util.List<String> queueUrls) {
        this.sqs = sqs;
        this.queueUrls = java.util.List.copyOf(queueUrls);
    }

    @Override
    public void publish(InstanceEvent e) {
        send(e, null);
    }

    /** Sends the event with its sender's fencing token as the message attribute {@value #FENCE_ATTRIBUTE}. */
    @Override
    public void publish(InstanceEvent e, long fence) {
        send(e, fence);
    }

    private void send(InstanceEvent e, Long fence) {
        String body = EventCodec.encode(e);
        Map<String, MessageAttributeValue> attributes = fence == null
                ? Map.of()
                : Map.of(
                        FENCE_ATTRIBUTE,
                        MessageAttributeValue.builder()
                                .dataType("Number")
                                .stringValue(Long.toString(fence))
                                .build());
        try {
            for (String queueUrl : queueUrls) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl)
                        .messageBody(body)
                        .messageGroupId(e.instanceId())
                        .messageDeduplicationId(e.eventId())
                        .messageAttributes(attributes));
            }
        } catch (SdkException ex) {
            LOG.warn("event publish failed", ex, "instance", e.instanceName(), "eventId", e.eventId());
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Event queue temporarily unavailable", ex);
        }
    }
}
