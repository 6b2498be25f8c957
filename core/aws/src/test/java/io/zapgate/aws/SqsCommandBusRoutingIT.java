package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.command.CommandHeader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The Lambdas' command bus sends straight to the lease owner's own queue (docs/fleet.md, "Command routing"):
 * ElasticMQ for the queues, DynamoDB Local for the leases table, both from template.yaml.
 */
class SqsCommandBusRoutingIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    private final AwsIntegration aws = AwsIntegration.get();
    private final String shared = aws.refs.get("CommandQueue");
    private final String table = aws.refs.get("SessionLeasesTable");
    private final MutableClock clock = new MutableClock(Instant.now());
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String hostQueue = aws.sqs
            .createQueue(b -> b.queueName("it-routing-host-" + tag + ".fifo")
                    .attributes(Map.of(
                            QueueAttributeName.FIFO_QUEUE,
                            "true",
                            QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                            "false")))
            .queueUrl();
    private final SessionLeases hostB = new DynamoDbSessionLeases(aws.dynamo, table, clock, hostQueue);
    private final SqsCommandBus bus =
            new SqsCommandBus(aws.sqs, shared, new DynamoDbSessionLeases(aws.dynamo, table, clock), clock);

    private InstanceCommand cmd(String id, String instanceId) {
        Instant at = clock.instant();
        CommandHeader h = new CommandHeader(id, "acc-1", "name-" + tag, instanceId, at, at.plusSeconds(25));
        return new InstanceCommand.ApplySettings(h);
    }

    /** The messages of {@code queue} for command {@code id} (a few short polls; the others stay). */
    private List<Message> received(String queue, String id) {
        List<Message> out = new java.util.ArrayList<>();
        for (int i = 0; i < 5 && out.isEmpty(); i++) {
            for (Message m : aws.sqs
                    .receiveMessage(b -> b.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messages()) {
                if (CommandCodec.decode(m.body()).commandId().equals(id)) {
                    out.add(m);
                    aws.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
                }
            }
        }
        return out;
    }

    private boolean hostQueueEmpty() {
        return aws.sqs
                .receiveMessage(
                        b -> b.queueUrl(hostQueue).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()
                .isEmpty();
    }

    @Test
    void aCommandForAnInstanceALiveHostHoldsLandsInThatHostsQueue() {
        String instance = "iid-" + tag;
        hostB.acquire(instance, "host-b", TTL, new SessionLeases.Subject("acc-1", "name-" + tag));
        bus.send(cmd("c1-" + tag, instance));
        List<Message> there = received(hostQueue, "c1-" + tag);
        assertThat(there).hasSize(1);
        assertThat(there.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo("acc-1/name-" + tag);
        assertThat(received(shared, "c1-" + tag)).isEmpty();
    }

    @Test
    void aCommandForAnExpiredLeaseGoesToTheSharedQueue() {
        String instance = "iid-" + tag;
        hostB.acquire(instance, "host-b", TTL);
        clock.advance(TTL.plusMillis(1));
        bus.send(cmd("c2-" + tag, instance));
        assertThat(received(shared, "c2-" + tag)).hasSize(1);
        assertThat(hostQueueEmpty()).isTrue();
    }

    @Test
    void aCommandForAReleasedOrUnknownLeaseGoesToTheSharedQueue() {
        String instance = "iid-" + tag;
        hostB.acquire(instance, "host-b", TTL);
        hostB.release(instance, "host-b");
        bus.send(cmd("c3-" + tag, instance));
        bus.send(cmd("c4-" + tag, "never-leased-" + tag));
        assertThat(received(shared, "c3-" + tag)).hasSize(1);
        assertThat(received(shared, "c4-" + tag)).hasSize(1);
        assertThat(hostQueueEmpty()).isTrue();
    }

    @Test
    void aCommandForAHostWhoseQueueWasDeletedGoesToTheSharedQueue() {
        String instance = "iid-" + tag;
        hostB.acquire(instance, "host-b", TTL);
        aws.sqs.deleteQueue(b -> b.queueUrl(hostQueue));
        bus.send(cmd("c5-" + tag, instance));
        assertThat(received(shared, "c5-" + tag)).hasSize(1);
    }
}
