package io.zapgate.sessionhost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.SqsCommandBus;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.CommandResult;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.sessionhost.fake.FakeSessionClients;
import io.zapgate.sessionhost.fake.InMemoryEventPublisher;
import io.zapgate.sessionhost.fake.InMemorySavedSessions;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.sessionhost.session.CommandHandler;
import io.zapgate.sessionhost.session.SessionPorts;
import io.zapgate.sessionhost.session.SessionSupervisor;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The consumer on a real FIFO queue (ElasticMQ) with the session logic on in-memory ports. */
class SqsCommandConsumerIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final String queue = aws.sqs
            .createQueue(b -> b.queueName("consumer-" + UUID.randomUUID() + ".fifo")
                    .attributes(
                            Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
            .queueUrl();
    private final MutableClock clock = new MutableClock(Samples.T0);
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCommandResults results = new InMemoryCommandResults();
    private final SessionPorts ports = new SessionPorts(
            store,
            store,
            results,
            new InMemoryEventPublisher(),
            new InMemorySessionLeases(clock),
            new InMemorySavedSessions(),
            clock);
    private final CommandHandler handler = new CommandHandler(
            new SessionSupervisor(ports, new FakeSessionClients(), "host-a", Duration.ofSeconds(60)), ports);

    private Instance instance() {
        Account a = Samples.account(5);
        store.create(a, Samples.accountToken(a));
        Instance i = Samples.instance(a, "q");
        store.create(i, Samples.tokenOf(i));
        return i;
    }

    private int messagesLeft() {
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
    void malformedAndStaleMessagesAreDroppedAndGoodOnesHandledInOrder() {
        Instance i = instance();
        aws.sqs.sendMessage(b -> b.queueUrl(queue)
                .messageBody("{not a command")
                .messageGroupId("acc/q")
                .messageDeduplicationId(UUID.randomUUID().toString()));
        SqsCommandBus bus = new SqsCommandBus(aws.sqs, queue);
        bus.send(TestCommands.of(
                UUID.randomUUID().toString(),
                TestCommands.Type.RECONNECT,
                i.accountId(),
                i.name(),
                "an-old-incarnation",
                clock.instant(),
                Map.of("requestId", "stale")));
        bus.send(TestCommands.of(
                UUID.randomUUID().toString(),
                TestCommands.Type.RECONNECT,
                i.accountId(),
                i.name(),
                i.id(),
                clock.instant(),
                Map.of("requestId", "good")));
        try (var pending = results.expect("good");
                SqsCommandConsumer consumer = new SqsCommandConsumer(aws.sqs, queue, handler, 1)) {
            consumer.start();
            CommandResult r = pending.await(Duration.ofSeconds(20)).orElseThrow();
            assertThat(r.kind()).isEqualTo(CommandResult.Kind.FAILED);
        }
        assertThat(results.expect("stale").await(Duration.ZERO)).isEmpty();
        assertThat(messagesLeft()).isZero();
    }
}
