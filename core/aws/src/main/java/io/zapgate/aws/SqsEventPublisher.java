package io.zapgate.aws;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.InstanceEvent;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Publishes events to the FIFO event queue, one message group per instance, so delivery keeps each
 * instance's events in order (a failing webhook holds back that instance's later events, not others').
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
        String body = EventCodec.encode(e);
        try {
            for (String queueUrl : queueUrls) {
                sqs.sendMessage(b -> b.queueUrl(queueUrl)
                        .messageBody(body)
                        .messageGroupId(e.instanceId())
                        .messageDeduplicationId(e.eventId()));
            }
        } catch (SdkException ex) {
            LOG.warn("event publish failed", ex, "instance", e.instanceName(), "eventId", e.eventId());
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Event queue temporarily unavailable", ex);
        }
    }
}
