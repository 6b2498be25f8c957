package io.zapgate.sessionhost.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.CommandCodec;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.contract.Samples;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The router's decision (forward or handle here) on a real FIFO queue (ElasticMQ), leases in memory. */
class CommandRouterIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    private final AwsIntegration aws = AwsIntegration.get();
    private final MutableClock clock = new MutableClock(Samples.T0);
    private final InMemorySessionLeases memory = new InMemorySessionLeases(clock);
    private final String ownerQueue = queue();
    private final List<InstanceCommand> handledHere = new ArrayList<>();
    /** The leases as host B's rows say them: owner B with B's queue. */
    private final io.zapgate.core.session.SessionLeases leases =
            new io.zapgate.sessionhost.session.ForwardingSessionLeases(memory) {
                @Override
                public java.util.Optional<Lease> current(String id) {
                    return memory.current(id)
                            .map(l ->
                                    new Lease(l.instanceId(), l.owner(), l.fencingToken(), l.expiresAt(), ownerQueue));
                }
            };

    private final CommandRouter router = new CommandRouter(aws.sqs, leases, "host-a", clock, handledHere::add);

    private String queue() {
        return aws.sqs
                .createQueue(b -> b.queueName("router-" + UUID.randomUUID() + ".fifo")
                        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true")))
                .queueUrl();
    }

    private InstanceCommand command(String instanceId) {
        return TestCommands.of(
                UUID.randomUUID().toString(),
                TestCommands.Type.LOGOUT,
                "acc",
                "inst",
                instanceId,
                clock.instant(),
                Map.of("requestId", "r1"));
    }

    private static Message received(InstanceCommand c, int hops) {
        var m = Message.builder()
                .messageId(UUID.randomUUID().toString())
                .body(CommandCodec.encode(c))
                .attributes(Map.of(MessageSystemAttributeName.MESSAGE_GROUP_ID, c.groupKey()));
        if (hops > 0) {
            m.messageAttributes(Map.of(
                    CommandRouter.HOPS,
                    MessageAttributeValue.builder()
                            .dataType("Number")
                            .stringValue(Integer.toString(hops))
                            .build()));
        }
        return m.build();
    }

    private List<Message> inOwnerQueue() {
        return aws.sqs
                .receiveMessage(b -> b.queueUrl(ownerQueue)
                        .maxNumberOfMessages(10)
                        .waitTimeSeconds(1)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .messages();
    }

    @Test
    void aCommandForAnotherLiveHostsInstanceGoesToItsQueueUnchangedWithOneMoreHop() {
        memory.acquire("i-1", "host-b", TTL);
        InstanceCommand c = command("i-1");
        router.handle(c, received(c, 1));

        assertThat(handledHere).isEmpty();
        List<Message> forwarded = inOwnerQueue();
        assertThat(forwarded).hasSize(1);
        assertThat(forwarded.get(0).body()).isEqualTo(CommandCodec.encode(c));
        assertThat(forwarded.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo(c.groupKey());
        assertThat(CommandRouter.hops(forwarded.get(0))).isEqualTo(2);
    }

    @Test
    void ourOwnFreeOrExpiredLeasesAndTooManyHopsAreHandledHere() {
        memory.acquire("mine", "host-a", TTL);
        memory.acquire("expired", "host-b", Duration.ofSeconds(1));
        memory.acquire("bounced", "host-b", TTL);
        clock.advance(Duration.ofSeconds(2));
        List<InstanceCommand> commands = List.of(command("mine"), command("free"), command("expired"));
        commands.forEach(c -> router.handle(c, received(c, 0)));
        InstanceCommand bounced = command("bounced");
        router.handle(bounced, received(bounced, CommandRouter.MAX_HOPS));

        assertThat(handledHere).containsExactly(commands.get(0), commands.get(1), commands.get(2), bounced);
        assertThat(inOwnerQueue()).isEmpty();
    }

    @Test
    void aCommandWhoseOwnersQueueIsGoneIsHandledHere() {
        memory.acquire("i-2", "host-b", TTL);
        aws.sqs.deleteQueue(b -> b.queueUrl(ownerQueue));
        InstanceCommand c = command("i-2");
        router.handle(c, received(c, 0));
        assertThat(handledHere).containsExactly(c);
    }
}
