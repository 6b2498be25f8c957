package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The session-side adapters on DynamoDB Local / ElasticMQ: results via the stream, states, leases, events. */
class SessionAdaptersIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(new byte[32]);
    private final Instant t0 = MutableClock.nextMinutePlus(0);
    private final MutableClock clock = new MutableClock(t0);

    private DynamoDbStreamsClient streams() {
        var e = io.zapgate.aws.local.TestBackends.shared().endpoints();
        return AwsClients.dynamoDbStreams(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
    }

    @Test
    void aResultWrittenAfterExpectIsSeenOnTheStream() throws Exception {
        String table = aws.refs.get("ConnectResultsTable");
        CommandResults results = new DynamoDbStreamCommandResults(aws.dynamo, streams(), table, Duration.ofMillis(50));
        DynamoDbCommandResultSink sink = new DynamoDbCommandResultSink(aws.dynamo, table);
        String id = UUID.randomUUID().toString();
        try (CommandResults.Pending pending = results.expect(id)) {
            CompletableFuture<Optional<CommandResult>> waiting =
                    CompletableFuture.supplyAsync(() -> pending.await(Duration.ofSeconds(10)));
            sink.publish(new CommandResult(
                    "other-" + id,
                    "acc",
                    "inst",
                    CommandResult.Kind.FAILED,
                    null,
                    null,
                    null,
                    "nope",
                    clock.instant()));
            sink.publish(new CommandResult(
                    id,
                    "acc",
                    "inst",
                    CommandResult.Kind.QR,
                    "2@ref,key,key,adv,1",
                    t0.plusSeconds(60),
                    null,
                    null,
                    clock.instant()));
            CommandResult got = waiting.get().orElseThrow();
            assertThat(got.kind()).isEqualTo(CommandResult.Kind.QR);
            assertThat(got.qrCode()).isEqualTo("2@ref,key,key,adv,1");
            assertThat(got.expiresAt()).isEqualTo(t0.plusSeconds(60));
        }
        try (CommandResults.Pending none = results.expect("never-" + id)) {
            assertThat(none.await(Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void connectionUpdatesAreConditionalOnTheInstanceId() {
        DynamoDbAccountRepository accounts = new DynamoDbAccountRepository(aws.dynamo, aws.tables());
        DynamoDbInstanceRepository instances = new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), cipher);
        DynamoDbConnectionStates states =
                new DynamoDbConnectionStates(aws.dynamo, aws.tables().instances(), cipher);
        Account a = Samples.account(3);
        accounts.create(a, Samples.accountToken(a));
        Instance i = Samples.fullInstance(a, "live");
        instances.create(i, Samples.tokenOf(i));
        Connection connecting =
                new Connection(InstanceState.CONNECTING, null, null, null, null, "2@qr", t0.plusSeconds(60), false);
        assertThat(states.updateConnection(i.key(), i.id(), connecting)).isTrue();
        assertThat(instances.find(i.key()).orElseThrow().connection()).isEqualTo(connecting);
        Connection connected = new Connection(
                InstanceState.CONNECTED,
                "15551234567:1@s.whatsapp.net",
                "available",
                null,
                new LastDisconnect(DisconnectReason.NETWORK, 1006, t0.minusSeconds(3600), null),
                null,
                null,
                true);
        assertThat(states.updateConnection(i.key(), i.id(), connected)).isTrue();
        assertThat(states.updateProfile(i.key(), i.id(), new Profile("Shop", null, true, "Shop Ltd", "android")))
                .isTrue();
        Instance stored = instances.find(i.key()).orElseThrow();
        assertThat(stored.connection()).isEqualTo(connected);
        assertThat(stored.profile().businessName()).isEqualTo("Shop Ltd");
        assertThat(stored.proxy()).isEqualTo(i.proxy());
        assertThat(states.resumable()).extracting(Instance::id).contains(i.id());
        assertThat(states.updateConnection(i.key(), "another-incarnation", Connection.initial()))
                .isFalse();
        assertThat(states.recordOfflineSync(i.key(), i.id(), new io.zapgate.core.session.OfflineSync(7, t0)))
                .isTrue();
        var row = aws.dynamo
                .getItem(b -> b.tableName(aws.tables().instances())
                        .consistentRead(true)
                        .key(Map.of("accountId", AttributeValue.fromS(a.id()), "name", AttributeValue.fromS("live"))))
                .item();
        assertThat(row.get(DynamoDbConnectionStates.LAST_OFFLINE_SYNC).m())
                .containsEntry("count", AttributeValue.fromN("7"))
                .containsEntry("at", AttributeValue.fromS(t0.toString()));
        assertThat(instances.find(i.key()).orElseThrow().connection()).isEqualTo(connected);
        assertThat(states.recordOfflineSync(
                        i.key(), "another-incarnation", new io.zapgate.core.session.OfflineSync(1, t0)))
                .isFalse();
        instances.delete(i);
        assertThat(states.updateConnection(i.key(), i.id(), connected)).isFalse();
        assertThat(instances.find(i.key())).isEmpty();
    }

    @Test
    void leasesBelongToOneHostUntilTheyExpire() {
        DynamoDbSessionLeases leases = new DynamoDbSessionLeases(aws.dynamo, aws.refs.get("SessionLeasesTable"), clock);
        String id = UUID.randomUUID().toString();
        SessionLeases.Lease a =
                leases.acquire(id, "host-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(leases.acquire(id, "host-b", Duration.ofSeconds(30))).isEmpty();
        SessionLeases.Lease renewed =
                leases.acquire(id, "host-a", Duration.ofSeconds(30)).orElseThrow();
        assertThat(renewed.fencingToken()).isEqualTo(a.fencingToken());
        clock.advance(Duration.ofSeconds(31));
        SessionLeases.Lease b =
                leases.acquire(id, "host-b", Duration.ofSeconds(30)).orElseThrow();
        assertThat(b.owner()).isEqualTo("host-b");
        assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
        leases.release(id, "host-a");
        assertThat(leases.current(id)).map(SessionLeases.Lease::owner).contains("host-b");
        leases.release(id, "host-b");
        assertThat(leases.current(id)).isEmpty();
        SessionLeases.Lease c =
                leases.acquire(id, "host-c", Duration.ofSeconds(30)).orElseThrow();
        assertThat(c.fencingToken()).isGreaterThan(b.fencingToken());
    }

    @Test
    void eventsOfOneInstanceKeepTheirOrder() {
        String queue = aws.refs.get("EventQueue");
        SqsEventPublisher publisher = new SqsEventPublisher(aws.sqs, queue);
        String instanceId = UUID.randomUUID().toString();
        for (int n = 1; n <= 4; n++) {
            publisher.publish(new InstanceEvent(
                    UUID.randomUUID().toString(),
                    "acc",
                    "ev",
                    instanceId,
                    n % 2 == 0 ? InstanceState.CONNECTED : InstanceState.CONNECTING,
                    InstanceState.DISCONNECTED,
                    n == 4 ? DisconnectReason.NETWORK : null,
                    n == 1 ? "2@qr" : null,
                    null,
                    n,
                    clock.instant()));
        }
        List<InstanceEvent> got = new ArrayList<>();
        for (int round = 0; round < 10 && got.size() < 4; round++) {
            for (var m : aws.sqs
                    .receiveMessage(
                            b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages()) {
                InstanceEvent e = EventCodec.decode(m.body());
                if (e.instanceId().equals(instanceId)) {
                    got.add(e);
                }
                aws.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(got).extracting(InstanceEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(got.get(0).qrCode()).isEqualTo("2@qr");
        assertThat(got.get(3).reason()).isEqualTo(DisconnectReason.NETWORK);
    }

    @Test
    void anEventOfASessionCarriesItsFencingToken() {
        String queue = aws.refs.get("EventQueue");
        SqsEventPublisher publisher = new SqsEventPublisher(aws.sqs, queue);
        String instanceId = UUID.randomUUID().toString();
        InstanceEvent fenced = new InstanceEvent(
                UUID.randomUUID().toString(),
                "acc",
                "ev",
                instanceId,
                InstanceState.CONNECTED,
                InstanceState.CONNECTING,
                null,
                null,
                null,
                1,
                clock.instant());
        publisher.publish(fenced, 42);
        InstanceEvent unfenced = new InstanceEvent(
                UUID.randomUUID().toString(),
                "acc",
                "ev",
                instanceId,
                InstanceState.LOGGEDOUT,
                InstanceState.CONNECTED,
                null,
                null,
                null,
                2,
                clock.instant());
        publisher.publish(unfenced);
        java.util.Map<String, String> fences = new java.util.HashMap<>();
        for (int round = 0; round < 10 && fences.size() < 2; round++) {
            for (var m : aws.sqs
                    .receiveMessage(b -> b.queueUrl(queue)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                    .messages()) {
                InstanceEvent e = EventCodec.decode(m.body());
                if (e.instanceId().equals(instanceId)) {
                    var attribute = m.messageAttributes().get(io.zapgate.core.session.EventPublisher.FENCE_ATTRIBUTE);
                    fences.put(
                            e.eventId(),
                            attribute == null ? "none" : attribute.dataType() + ":" + attribute.stringValue());
                }
                aws.sqs.deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        }
        assertThat(fences).containsEntry(fenced.eventId(), "Number:42").containsEntry(unfenced.eventId(), "none");
    }
}
