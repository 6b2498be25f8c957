package io.zapgate.sessionhost.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.SqsCommandBus;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import io.zapgate.sessionhost.fake.FakeSessionClients;
import io.zapgate.sessionhost.fake.InMemoryEventPublisher;
import io.zapgate.sessionhost.fake.InMemorySavedSessions;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.sessionhost.queue.SqsCommandConsumer;
import io.zapgate.sessionhost.session.CommandHandler;
import io.zapgate.sessionhost.session.SessionPorts;
import io.zapgate.sessionhost.session.SessionSupervisor;
import io.zapgate.testsupport.Await;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The consumer counts handled and stale commands, on a real FIFO queue (ElasticMQ). */
class CommandMetricsIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final String queue = aws.sqs
            .createQueue(b -> b.queueName("metrics-" + UUID.randomUUID() + ".fifo")
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

    @Test
    void handledAndStaleCommandsAreCounted() {
        Account a = Samples.account(5);
        store.create(a, Samples.accountToken(a));
        Instance i = Samples.instance(a, "m");
        store.create(i, Samples.tokenOf(i));
        SqsCommandBus bus = new SqsCommandBus(aws.sqs, queue);
        bus.send(io.zapgate.sessionhost.TestCommands.of(
                UUID.randomUUID().toString(),
                io.zapgate.sessionhost.TestCommands.Type.RECONNECT,
                i.accountId(),
                i.name(),
                "an-old-incarnation",
                clock.instant(),
                Map.of("requestId", "stale")));
        bus.send(io.zapgate.sessionhost.TestCommands.of(
                UUID.randomUUID().toString(),
                io.zapgate.sessionhost.TestCommands.Type.RECONNECT,
                i.accountId(),
                i.name(),
                i.id(),
                clock.instant(),
                Map.of("requestId", "good")));
        HostMetrics metrics = new HostMetrics("svc", "host-a", () -> 0, null, clock);
        try (SqsCommandConsumer consumer = new SqsCommandConsumer(aws.sqs, queue, handler, 1)) {
            consumer.metrics(metrics);
            handler.metrics(metrics);
            consumer.start();
            Await.until(
                    "both commands counted",
                    Duration.ofSeconds(20),
                    () -> metrics.value(HostMetrics.Counter.COMMANDS_HANDLED) == 1
                            && metrics.value(HostMetrics.Counter.COMMANDS_STALE) == 1);
        }
        assertThat(metrics.value(HostMetrics.Counter.COMMANDS_FAILED)).isZero();
    }
}
