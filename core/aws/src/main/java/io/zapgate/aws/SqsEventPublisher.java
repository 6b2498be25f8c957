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
    private final String queueUrl;

    public SqsEventPublisher(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void publish(InstanceEvent e) {
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(EventCodec.encode(e))
                    .messageGroupId(e.instanceId()).messageDeduplicationId(e.eventId()));
        } catch (SdkException ex) {
            LOG.warn("event publish failed", ex, "instance", e.instanceName(), "eventId", e.eventId());
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Event queue temporarily unavailable", ex);
        }
    }
}
