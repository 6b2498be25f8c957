package io.zapgate.sessionhost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.SqsCommandBus;
import io.zapgate.aws.local.SamTemplate;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.contract.Samples;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.testsupport.Await;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * A busy instance on a real FIFO queue (ElasticMQ) with the template's dead-letter policy: the commands
 * queued behind a slow one are neither received again nor dead-lettered, and all run in order.
 */
class BusyGroupIT {
    /** Short, so that the slow command outlives it several times without making the test slow. */
    private static final Duration VISIBILITY = Duration.ofSeconds(3);

    private final AwsIntegration aws = AwsIntegration.get();
    private final Map<String, Integer> receptions = new ConcurrentHashMap<>();
    private final List<String> receiveCounts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    /** The command queue's redrive policy as template.yaml declares it. */
    private static int templateMaxReceiveCount() {
        Map<String, Object> props = SamTemplate.parse(TestBackends.templateText())
                .resourcesOfType("AWS::SQS::Queue")
                .get("CommandQueue");
        Map<?, ?> redrive = (Map<?, ?>) props.get("RedrivePolicy");
        return Integer.parseInt(String.valueOf(redrive.get("maxReceiveCount")));
    }

    /** The real client, recording every message each receive hands out. */
    private SqsClient recording(SqsClient real) {
        return (SqsClient) Proxy.newProxyInstance(
                SqsClient.class.getClassLoader(), new Class<?>[] {SqsClient.class}, (proxy, method, args) -> {
                    Object out;
                    try {
                        out = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (out instanceof ReceiveMessageResponse r) {
                        for (Message m : r.messages()) {
                            receptions.merge(m.messageId(), 1, Integer::sum);
                            receiveCounts.add(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
                        }
                    }
                    return out;
                });
    }

    private String fifo(String name, Map<QueueAttributeName, String> attrs) {
        Map<QueueAttributeName, String> all = new java.util.HashMap<>(attrs);
        all.put(QueueAttributeName.FIFO_QUEUE, "true");
        return aws.sqs
                .createQueue(b -> b.queueName(name + ".fifo").attributes(all))
                .queueUrl();
    }

    private int count(String queue) {
        var attrs = aws.sqs
                .getQueueAttributes(b -> b.queueUrl(queue)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attrs.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void commandsQueuedBehindASlowOneAllRunInOrderAndNoneIsDeadLettered() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String dlq = fifo("busy-dlq-" + tag, Map.of());
        String dlqArn = aws.sqs
                .getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String queue = fifo(
                "busy-" + tag,
                Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        String.valueOf(VISIBILITY.toSeconds()),
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + templateMaxReceiveCount()
                                + "\"}"));
        SqsCommandBus bus = new SqsCommandBus(aws.sqs, queue);
        List<String> sent = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            String id = "c" + n + "-" + tag;
            sent.add(id);
            bus.send(TestCommands.of(
                    id, TestCommands.Type.APPLY_SETTINGS, "acc", "busy", "i-busy", Samples.T0, Map.of()));
        }
        Duration slow = VISIBILITY.multipliedBy(3);
        try (SqsCommandConsumer consumer = new SqsCommandConsumer(
                recording(aws.sqs),
                queue,
                c -> {
                    if (c.commandId().equals(sent.get(0)) && !ran.contains(c.commandId())) {
                        sleepFor(slow); // a slow command (a logout waiting on WhatsApp), not a synchronisation
                    }
                    ran.add(c.commandId());
                },
                1,
                VISIBILITY)) {
            consumer.start();
            Await.until("all eight commands ran", Duration.ofSeconds(60), () -> ran.size() >= 8);
        }
        assertThat(ran).containsExactlyElementsOf(sent);
        assertThat(receptions)
                .hasSize(8)
                .allSatisfy((id, times) ->
                        assertThat(times).as("receptions of " + id).isEqualTo(1));
        assertThat(receiveCounts).containsOnly("1");
        assertThat(count(dlq)).isZero();
        assertThat(count(queue)).isZero();
    }

    private static void sleepFor(Duration d) {
        Instant end = Instant.now().plus(d);
        while (Instant.now().isBefore(end)) {
            try {
                Thread.sleep(Duration.between(Instant.now(), end).toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
