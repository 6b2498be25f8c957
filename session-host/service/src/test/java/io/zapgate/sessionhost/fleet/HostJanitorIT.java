package io.zapgate.sessionhost.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The janitor on ElasticMQ queues: a dead host's queue is moved to the shared queue and deleted, with its row. */
class HostJanitorIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration GRACE = TTL.multipliedBy(3);
    private final AwsIntegration aws = AwsIntegration.get();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final SessionLeases leases = new InMemorySessionLeases(clock);
    private final String shared = queue("janitor-shared");
    private final HostJanitor janitor = new HostJanitor(aws.sqs, leases, shared, "host-live", clock, GRACE);

    private String queue(String name) {
        return aws.sqs
                .createQueue(b -> b.queueName(name + "-" + UUID.randomUUID() + ".fifo")
                        .attributes(Map.of(
                                QueueAttributeName.FIFO_QUEUE,
                                "true",
                                QueueAttributeName.CONTENT_BASED_DEDUPLICATION,
                                "false")))
                .queueUrl();
    }

    private void put(String queue, String body, String group) {
        aws.sqs.sendMessage(b -> b.queueUrl(queue)
                .messageBody(body)
                .messageGroupId(group)
                .messageDeduplicationId(UUID.randomUUID().toString()));
    }

    private List<Message> drain(String queue) {
        List<Message> out = new ArrayList<>();
        while (true) {
            List<Message> got = aws.sqs
                    .receiveMessage(b -> b.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messages();
            if (got.isEmpty()) {
                return out;
            }
            for (Message m : got) {
                out.add(m);
                aws.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
    }

    private boolean exists(String queue) {
        try {
            aws.sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN));
            return true;
        } catch (QueueDoesNotExistException e) {
            return false;
        }
    }

    private List<String> hosts() {
        List<String> ids = new ArrayList<>();
        leases.liveHosts(Instant.EPOCH).forEach(h -> ids.add(h.hostId()));
        return ids;
    }

    @Test
    void aHostDeadForLongerThanTheGraceHasItsQueueMovedToTheSharedQueueAndDeletedWithItsRow() {
        String dead = queue("janitor-dead");
        put(dead, "one", "acc/x");
        put(dead, "two", "acc/x");
        leases.heartbeat("host-dead", dead, 2, TTL);
        leases.heartbeat("host-live", null, 0, TTL);
        clock.advance(TTL.plus(GRACE).minusSeconds(1));
        leases.heartbeat("host-live", null, 0, TTL);

        assertThat(janitor.run()).as("not dead for the whole grace yet").isZero();
        assertThat(exists(dead)).isTrue();

        clock.advance(Duration.ofSeconds(2));
        leases.heartbeat("host-live", null, 0, TTL);
        assertThat(janitor.run()).isEqualTo(1);
        List<Message> moved = drain(shared);
        assertThat(moved).extracting(Message::body).containsExactly("one", "two");
        assertThat(moved.get(0).attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                .isEqualTo("acc/x");
        assertThat(exists(dead)).isFalse();
        assertThat(hosts()).containsExactly("host-live");
        assertThat(janitor.run()).as("nothing left to do").isZero();
    }

    @Test
    void aHostThatStillHoldsALiveLeaseKeepsItsQueueAndRow() {
        String lapsed = queue("janitor-lapsed");
        put(lapsed, "kept", "acc/y");
        leases.heartbeat("host-lapsed", lapsed, 1, TTL);
        clock.advance(TTL.plus(GRACE).plusSeconds(1));
        leases.acquire("i-1", "host-lapsed", TTL, new SessionLeases.Subject("acc", "y"));

        assertThat(janitor.run()).isZero();
        assertThat(exists(lapsed)).isTrue();
        assertThat(hosts()).contains("host-lapsed");
        assertThat(drain(shared)).isEmpty();
        assertThat(drain(lapsed)).extracting(Message::body).containsExactly("kept");
    }

    @Test
    void theJanitorNeverCleansUpItsOwnHost() {
        String own = queue("janitor-own");
        leases.heartbeat("host-live", own, 0, TTL);
        clock.advance(TTL.plus(GRACE).plusSeconds(1));
        assertThat(janitor.run()).isZero();
        assertThat(exists(own)).isTrue();
    }
}
