package io.zapgate.functions.events;

import io.zapgate.core.port.InstanceRepository;
import java.time.Clock;
import java.time.Duration;

/**
 * What the webhook function needs: the instance rows (webhook settings), a sender (which also refuses targets
 * on special-purpose addresses, see {@link HttpWebhookSender}), a way to delay the next try of a message (SQS
 * visibility), the clock and the retry policy.
 *
 * @param backoffBase delay before the 2nd try; doubles each try (capped at 15 minutes)
 * @param maxAttempts the queue's maxReceiveCount: after that many tries SQS moves the message to the DLQ
 */
public record WebhookDelivery(
        InstanceRepository instances,
        WebhookSender sender,
        RetryDelay retry,
        Clock clock,
        Duration backoffBase,
        int maxAttempts) {

    /** Port: delays the next delivery of a message (SQS ChangeMessageVisibility). */
    public interface RetryDelay {
        void delay(String receiptHandle, Duration delay);
    }

    public Duration backoff(int attempt) {
        long seconds = backoffBase.getSeconds() << Math.min(Math.max(attempt - 1, 0), 16);
        return Duration.ofSeconds(Math.min(seconds, 900));
    }
}
