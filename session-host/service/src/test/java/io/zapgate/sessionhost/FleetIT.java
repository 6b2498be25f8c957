package io.zapgate.sessionhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.DynamoDbAccountRepository;
import io.zapgate.aws.DynamoDbInstanceRepository;
import io.zapgate.aws.DynamoDbStreamCommandResults;
import io.zapgate.aws.SqsCommandBus;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.sessionhost.fleet.FairShare;
import io.zapgate.sessionhost.queue.CommandRouter;
import io.zapgate.sessionhost.queue.HostQueues;
import io.zapgate.testsupport.Await;
import io.zapgate.testsupport.FaultInjector;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Several session hosts in one JVM sharing DynamoDB Local, ElasticMQ and one fake WhatsApp: sessions move
 * between them on failure and on shutdown without a QR code, never with two live sockets on one device, and the
 * orphan sweep never scans a table. Each host has its own DynamoDB client, so faults hit one host only.
 */
class FleetIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Short leases: failover within seconds. */
    private static final Duration TTL = Duration.ofSeconds(4);

    private static final Duration SKEW = Duration.ofSeconds(1);
    private final AwsIntegration aws = AwsIntegration.get();
    private final String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private final AesGcmSecretCipher cipher = AesGcmSecretCipher.fromText(key);
    private final DynamoDbInstanceRepository instances =
            new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), cipher);
    private final SqsCommandBus bus = new SqsCommandBus(aws.sqs, aws.refs.get("CommandQueue"));
    private final AwsEndpoints endpoints = TestBackends.shared().endpoints();
    private final CommandResults results = new DynamoDbStreamCommandResults(
            aws.dynamo,
            AwsClients.dynamoDbStreams(new AwsClients.Target(
                    endpoints.region(),
                    endpoints.dynamoDb(),
                    endpoints.sqs(),
                    endpoints.accessKey(),
                    endpoints.secretKey())),
            aws.refs.get("ConnectResultsTable"),
            Duration.ofMillis(50));
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final Map<String, FaultInjector> faults = new HashMap<>();

    /**
     * Sessions other tests left for adoption (their hosts closed gracefully) would be adopted by this test's hosts
     * and dial this test's fake: take them off the sweep first.
     */
    @BeforeEach
    void noOrphansLeftByOtherTests() {
        var leases = new io.zapgate.aws.DynamoDbSessionLeases(
                aws.dynamo, aws.refs.get("SessionLeasesTable"), Clock.systemUTC());
        for (int shard = 0; shard < io.zapgate.core.session.SessionLeases.SHARDS; shard++) {
            for (var o : leases.orphans(shard, Clock.systemUTC().instant(), 1000)) {
                if (leases.acquire(o.instanceId(), "fleet-cleaner", TTL).isPresent()) {
                    leases.forget(o.instanceId(), "fleet-cleaner");
                }
            }
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup.reversed()) {
            c.close();
        }
    }

    private SessionHost host(FakeWhatsApp fake, String id, Duration ttl, Duration skew) {
        return host(fake, id, ttl, skew, false);
    }

    private SessionHost host(FakeWhatsApp fake, String id, Duration ttl, Duration skew, boolean legacyScan) {
        return host(fake, id, ttl, skew, legacyScan, aws.refs.get("CommandQueue"));
    }

    /** A host polling {@code commandQueueUrl} as its shared command queue (its own queue is created as usual). */
    private SessionHost host(
            FakeWhatsApp fake, String id, Duration ttl, Duration skew, boolean legacyScan, String commandQueueUrl) {
        FaultInjector f = new FaultInjector();
        faults.put(id, f);
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(endpoints.region()))
                .endpointOverride(endpoints.dynamoDb())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(endpoints.accessKey(), endpoints.secretKey())))
                .overrideConfiguration(o -> o.addExecutionInterceptor(f))
                .build();
        cleanup.add(dynamo);
        SessionHostConfig c = config(fake, id, commandQueueUrl).withLease(ttl, skew);
        if (legacyScan) {
            c = c.withLegacyResumeScan();
        }
        SessionHost host = new SessionHost(c, Clock.systemUTC(), dynamo, aws.sqs);
        cleanup.add(host);
        host.start();
        return host;
    }

    private SessionHostConfig config(FakeWhatsApp fake, String hostId, String commandQueueUrl) {
        return new SessionHostConfig(
                "us-east-1",
                null,
                null,
                aws.refs.get("InstancesTable"),
                aws.refs.get("ConnectResultsTable"),
                aws.refs.get("SessionsTable"),
                aws.refs.get("SessionLeasesTable"),
                commandQueueUrl,
                aws.refs.get("EventQueue"),
                null,
                key,
                fake.wsUrl(),
                fake.rootPublicKeyHex(),
                fake.rootSerial(),
                hostId,
                1,
                TTL,
                Log.Level.INFO,
                null,
                "off",
                true);
    }

    private Instance newInstance() {
        Account account = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, Samples.accountToken(account));
        Instance i = Samples.instance(
                account, "fleet-" + UUID.randomUUID().toString().substring(0, 8));
        instances.create(i, Samples.tokenOf(i));
        return i;
    }

    private CommandResult send(Instance i, TestCommands.Type type) {
        return send(bus, i, type);
    }

    private CommandResult send(SqsCommandBus bus, Instance i, TestCommands.Type type) {
        String requestId = UUID.randomUUID().toString();
        try (CommandResults.Pending pending = results.expect(requestId)) {
            bus.send(TestCommands.of(
                    UUID.randomUUID().toString(),
                    type,
                    i.accountId(),
                    i.name(),
                    i.id(),
                    Clock.systemUTC().instant(),
                    Map.of("requestId", requestId)));
            return pending.await(WAIT).orElseThrow(() -> new AssertionError("no result for " + type));
        }
    }

    private InstanceState state(Instance i) {
        return instances.find(i.key()).orElseThrow().connection().state();
    }

    /** Links {@code i} by QR on the only running host and waits until it is connected. */
    private void link(FakeWhatsApp fake, Instance i) throws Exception {
        link(fake, i, bus);
    }

    /** Links {@code i} by QR through {@code bus} and waits until it is connected. */
    private void link(FakeWhatsApp fake, Instance i, SqsCommandBus bus) throws Exception {
        CommandResult qr = send(bus, i, TestCommands.Type.CONNECT);
        assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
        fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Await.until("linked", WAIT, () -> state(i) == InstanceState.CONNECTED);
        // the link's restart may overlap its two sockets for a moment: count from here on
        Await.until("one socket open", WAIT, () -> fake.recordings().openCount() == 1);
        fake.recordings().resetMostOpenAtOnce();
    }

    /** The host (of {@code hosts}) whose supervisor holds {@code i}, once one does. */
    private static SessionHost awaitOwner(Instance i, Duration timeout, SessionHost... hosts) {
        return Await.value(
                "a host adopted " + i.name(),
                timeout,
                () -> java.util.Arrays.stream(hosts)
                        .filter(h -> h.supervisor().session(i.id()).isPresent())
                        .findFirst()
                        .orElse(null),
                java.util.Objects::nonNull);
    }

    @Test
    void aKilledHostsSessionsAreAdoptedByLiveHostsWithoutQrAndWithoutAScan() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-a", TTL, SKEW);
            Instance i = newInstance();
            link(fake, i);
            assertThat(a.supervisor().owned()).containsKey(i.id());
            SessionHost b = host(fake, "fleet-b", TTL, SKEW);
            SessionHost c = host(fake, "fleet-c", TTL, SKEW);

            int logins = fake.recordings().loginCount();
            long killedAt = System.nanoTime();
            a.halt(); // as SIGKILL: no state recorded, the lease is not released
            SessionHost adopter = awaitOwner(i, WAIT, b, c);
            Duration took = Duration.ofNanos(System.nanoTime() - killedAt);
            Await.until(
                    "logged in again on the adopter",
                    WAIT,
                    () -> fake.recordings().loginCount() > logins);
            Await.until("connected", WAIT, () -> state(i) == InstanceState.CONNECTED);

            // lease TTL + one sweep period (TTL/2) + its jitter, with room for a slow machine
            assertThat(took).isLessThan(TTL.plus(TTL).plusSeconds(5));
            assertThat(fake.recordings().registrationCount())
                    .as("no new QR link")
                    .isEqualTo(1);
            assertThat(fake.recordings().mostOpenAtOnce()).isEqualTo(1);
            assertThat(adopter.supervisor().owned().get(i.id()).fencingToken()).isGreaterThan(1);
            for (String h : List.of("fleet-a", "fleet-b", "fleet-c")) {
                assertThat(faults.get(h).count("Scan")).as(h + " scans").isZero();
            }
            assertThat(faults.get("fleet-b").count("Query")
                            + faults.get("fleet-c").count("Query"))
                    .as("the sweep queries the leases index")
                    .isPositive();
        }
    }

    @Test
    void aHostJoiningATwoHostFleetEndsUpWithItsFairShareWithoutQrAndNeverTwoSockets() throws Exception {
        // no slack: 6 sessions on 3 hosts settle at 2 each
        FairShare.Policy strict = new FairShare.Policy(0, 2);
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-a", TTL, SKEW).balance(strict);
            List<Instance> linked = new ArrayList<>();
            for (int n = 0; n < 6; n++) {
                Instance i = newInstance();
                CommandResult qr = send(i, TestCommands.Type.CONNECT);
                assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
                fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                Await.until("linked", WAIT, () -> state(i) == InstanceState.CONNECTED);
                int open = n + 1;
                Await.until("one socket each", WAIT, () -> fake.recordings().openCount() == open);
                linked.add(i);
            }
            assertThat(a.supervisor().size()).isEqualTo(6);
            SessionHost b = host(fake, "fleet-b", TTL, SKEW).balance(strict);
            Await.until(
                    "two hosts share the sessions",
                    WAIT,
                    () -> a.supervisor().size() == 3 && b.supervisor().size() == 3);

            int registrations = fake.recordings().registrationCount();
            SessionHost c = host(fake, "fleet-c", TTL, SKEW).balance(strict);
            Await.until(
                    "the new host holds its fair share",
                    WAIT,
                    () -> a.supervisor().size() == 2
                            && b.supervisor().size() == 2
                            && c.supervisor().size() == 2);
            for (Instance i : linked) {
                Await.until("connected again", WAIT, () -> state(i) == InstanceState.CONNECTED);
            }
            assertThat(fake.recordings().registrationCount())
                    .as("no QR: the saved sessions log in")
                    .isEqualTo(registrations);
            assertThat(fake.recordings().maxConcurrentLoggedInSockets().values())
                    .as("never two logged-in sockets for one device")
                    .allMatch(most -> most <= 1);
            assertThat(faults.get("fleet-c").count("Scan")).isZero();
        }
    }

    @Test
    void theUpgradeDeployResumesLeaseRowsWrittenWithoutAShardOnlyWithTheLegacyScan() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-a", TTL, SKEW);
            Instance i = newInstance();
            link(fake, i);
            a.halt();
            // what an earlier version leaves: a lease row on no shard, the instance row still "connected"
            var leases = new io.zapgate.aws.DynamoDbSessionLeases(
                    aws.dynamo, aws.refs.get("SessionLeasesTable"), Clock.systemUTC());
            leases.forget(i.id(), "fleet-a");
            java.time.Instant later = Clock.systemUTC().instant().plusSeconds(3600);
            for (int shard = 0; shard < io.zapgate.core.session.SessionLeases.SHARDS; shard++) {
                assertThat(leases.orphans(shard, later, 100))
                        .as("the sweep cannot see it")
                        .noneMatch(o -> o.instanceId().equals(i.id()));
            }

            SessionHost c = host(fake, "fleet-c", TTL, SKEW, true);
            Await.until(
                    "the legacy scan resumed it",
                    WAIT,
                    () -> c.supervisor().session(i.id()).isPresent());
            assertThat(faults.get("fleet-c").count("Scan")).isEqualTo(1);
            assertThat(fake.recordings().registrationCount()).isEqualTo(1);
        }
    }

    @Test
    void aHostWhoseStateWriteIsRefusedByANewerFencingTokenAbandonsTheSession() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-a", TTL, SKEW);
            Instance i = newInstance();
            link(fake, i);
            long token = a.supervisor().owned().get(i.id()).fencingToken();
            // a newer owner's write, as after a split brain: the row now carries a higher fence
            aws.dynamo.updateItem(b -> b.tableName(aws.refs.get("InstancesTable"))
                    .key(Map.of(
                            "accountId",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(i.accountId()),
                            "name",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(i.name())))
                    .updateExpression("SET fence = :f")
                    .expressionAttributeValues(Map.of(
                            ":f",
                            software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                                    Long.toString(token + 1)))));

            fake.phone().dropSocket(); // a's next state write (reconnecting) is refused by the fence
            Await.until(
                    "a abandoned the session",
                    WAIT,
                    () -> a.supervisor().session(i.id()).isEmpty());
            assertThat(state(i)).as("a wrote nothing over the newer owner").isEqualTo(InstanceState.CONNECTED);
            Await.until("a's socket closed", WAIT, () -> fake.recordings().openCount() == 0);
        }
    }

    @Test
    void aGracefulShutdownHandsTheSessionsOverWithoutWaitingForTheLease() throws Exception {
        Duration longLease = Duration.ofSeconds(60);
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-a", longLease, SKEW);
            Instance i = newInstance();
            link(fake, i);
            // a 60 s lease: a sweep every 30 s would be too slow to see; B sweeps every 2 s
            SessionHost b = host(fake, "fleet-b", TTL, SKEW);

            long stoppedAt = System.nanoTime();
            a.close();
            awaitOwner(i, WAIT, b);
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt))
                    .as("handed over, not left to expire")
                    .isLessThan(longLease.dividedBy(2));
            Await.until("connected on b", WAIT, () -> state(i) == InstanceState.CONNECTED);
            assertThat(fake.recordings().registrationCount()).isEqualTo(1);
            assertThat(fake.recordings().mostOpenAtOnce()).isEqualTo(1);
        }
    }

    @Test
    void aStoppingHostAsksTheOthersToAdoptAtOnceInsteadOfWaitingForASweep() throws Exception {
        // 60 s leases on both hosts: b sweeps every 30 s, so only the adoption requests explain a quick hand-over
        Duration longLease = Duration.ofSeconds(60);
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-handover-a", longLease, SKEW);
            List<Instance> linked = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                Instance i = newInstance();
                CommandResult qr = send(i, TestCommands.Type.CONNECT);
                assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
                fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                Await.until("linked", WAIT, () -> state(i) == InstanceState.CONNECTED);
                linked.add(i);
            }
            assertThat(a.supervisor().owned())
                    .containsKeys(linked.stream().map(Instance::id).toArray(String[]::new));
            long bStarted = System.nanoTime();
            SessionHost b = host(fake, "fleet-handover-b", longLease, SKEW);
            int registrations = fake.recordings().registrationCount();

            long stoppedAt = System.nanoTime();
            a.close();
            for (Instance i : linked) {
                awaitOwner(i, WAIT, b);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - stoppedAt);
            assertThat(Duration.ofNanos(System.nanoTime() - bStarted))
                    .as("adopted before b's first sweep after its start-up one (took %s after the stop)", took)
                    .isLessThan(longLease.dividedBy(2));
            for (Instance i : linked) {
                Await.until("connected on b", WAIT, () -> state(i) == InstanceState.CONNECTED);
            }
            assertThat(fake.recordings().registrationCount()).as("no QR").isEqualTo(registrations);
            assertThat(fake.recordings().maxConcurrentLoggedInSockets())
                    .as("never two logged-in sockets of one device (device id -> most)")
                    .allSatisfy((device, most) -> assertThat(most).isEqualTo(1));
        }
    }

    @Test
    void aHostCutOffFromTheLeasesTableClosesItsSocketBeforeAnotherHostAdopts() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            SessionHost a = host(fake, "fleet-a", TTL, SKEW);
            Instance i = newInstance();
            link(fake, i);
            SessionHost b = host(fake, "fleet-b", TTL, SKEW);

            int logins = fake.recordings().loginCount();
            faults.get("fleet-a").cutOff(aws.refs.get("SessionLeasesTable"), true);
            awaitOwner(i, WAIT, b);
            assertThat(a.supervisor().session(i.id())).as("a fenced itself off").isEmpty();
            Await.until("logged in again on b", WAIT, () -> fake.recordings().loginCount() > logins);
            Await.until("connected on b", WAIT, () -> state(i) == InstanceState.CONNECTED);
            assertThat(fake.recordings().mostOpenAtOnce())
                    .as("never two live sockets for one device")
                    .isEqualTo(1);
            assertThat(fake.recordings().registrationCount()).isEqualTo(1);
        }
    }
    /** A FIFO queue only the test sends to: a host polling it as its "shared" queue gets no other commands. */
    private String sideQueue() {
        String url = aws.sqs
                .createQueue(b -> b.queueName(
                                "fleet-side-" + UUID.randomUUID().toString().substring(0, 8) + ".fifo")
                        .attributes(Map.of(
                                QueueAttributeName.FIFO_QUEUE, "true",
                                QueueAttributeName.VISIBILITY_TIMEOUT, "60")))
                .queueUrl();
        cleanup.add(() -> aws.sqs.deleteQueue(b -> b.queueUrl(url)));
        return url;
    }

    private boolean queueExists(String url) {
        try {
            aws.sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN));
            return true;
        } catch (QueueDoesNotExistException e) {
            return false;
        }
    }

    @Test
    void aCommandReceivedByAHostThatDoesNotHoldTheInstanceIsForwardedToTheOwner() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            // b polls a queue of its own as its "shared" queue: only a receives what is sent to the shared queue
            String side = sideQueue();
            SessionHost b = host(fake, "fleet-route-b", TTL, SKEW, false, side);
            Instance i = newInstance();
            link(fake, i, new SqsCommandBus(aws.sqs, side));
            assertThat(b.supervisor().owned()).containsKey(i.id());
            SessionHost a = host(fake, "fleet-route-a", TTL, SKEW);
            assertThat(new io.zapgate.aws.DynamoDbSessionLeases(
                                    aws.dynamo, aws.refs.get("SessionLeasesTable"), Clock.systemUTC())
                            .current(i.id())
                            .orElseThrow()
                            .queueUrl())
                    .as("the lease names b's own queue")
                    .isEqualTo(b.hostQueueUrl());

            CommandResult reconnected = send(i, TestCommands.Type.RECONNECT);
            assertThat(reconnected.kind()).as("reconnect: " + reconnected).isNotEqualTo(CommandResult.Kind.FAILED);
            Await.until("connected again", WAIT, () -> state(i) == InstanceState.CONNECTED);
            assertThat(b.supervisor().session(i.id())).as("still on b").isPresent();

            CommandResult out = send(i, TestCommands.Type.LOGOUT);
            assertThat(out.kind()).as("logout: " + out).isEqualTo(CommandResult.Kind.DONE);
            assertThat(fake.recordings().logouts())
                    .as("the device was unlinked")
                    .hasSize(1);
            Await.until(
                    "b closed the session",
                    WAIT,
                    () -> b.supervisor().session(i.id()).isEmpty());
            assertThat(a.supervisor().session(i.id())).as("a never held it").isEmpty();
            assertThat(fake.recordings().registrationCount()).isEqualTo(1);
        }
    }

    @Test
    void aStoppingHostMovesWhatIsLeftInItsQueueToTheSharedQueueAndDeletesIt() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            String side = sideQueue();
            SessionHost a = host(fake, "fleet-route-stop", TTL, SKEW, false, side);
            String own = a.hostQueueUrl();
            assertThat(own).endsWith("-host-fleet-route-stop.fifo");
            assertThat(aws.sqs.listQueues().queueUrls()).contains(own);
            a.close();
            assertThat(queueExists(own)).as("its queue is deleted").isFalse();

            // what a stopping host finds in its queue: two commands of one instance, one of another, in order
            String left = HostQueues.create(
                    aws.sqs, "fleet-left-" + UUID.randomUUID().toString().substring(0, 8) + ".fifo", side);
            for (String[] m :
                    List.of(new String[] {"g1", "one"}, new String[] {"g2", "two"}, new String[] {"g1", "three"})) {
                aws.sqs.sendMessage(b -> b.queueUrl(left)
                        .messageBody(m[1])
                        .messageGroupId(m[0])
                        .messageDeduplicationId(m[1])
                        .messageAttributes(Map.of(
                                CommandRouter.HOPS,
                                MessageAttributeValue.builder()
                                        .dataType("Number")
                                        .stringValue("1")
                                        .build())));
            }
            assertThat(HostQueues.drainAndDelete(aws.sqs, left, side)).isEqualTo(3);
            assertThat(queueExists(left)).isFalse();
            List<Message> moved = new ArrayList<>();
            Await.until("moved messages received", WAIT, () -> {
                var batch = aws.sqs
                        .receiveMessage(b -> b.queueUrl(side)
                                .maxNumberOfMessages(10)
                                .messageAttributeNames("All")
                                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                        .messages();
                for (Message m : batch) {
                    moved.add(m);
                    aws.sqs.deleteMessage(b -> b.queueUrl(side).receiptHandle(m.receiptHandle()));
                }
                return moved.size() >= 3;
            });
            assertThat(moved.stream()
                            .filter(m -> "g1".equals(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID)))
                            .map(Message::body))
                    .containsExactly("one", "three");
            assertThat(moved)
                    .allSatisfy(m -> assertThat(m.messageAttributes()
                                    .get(CommandRouter.HOPS)
                                    .stringValue())
                            .isEqualTo("1"));
            assertThat(HostQueues.drainAndDelete(aws.sqs, left, side))
                    .as("a queue already gone is no error")
                    .isZero();
        }
    }

    @Test
    void commandsForwardedToAKilledHostAreMovedToTheSharedQueueWhenItsSessionsAreAdopted() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            String side = sideQueue();
            SessionHost b = host(fake, "fleet-route-dead", TTL, SKEW, false, side);
            Instance i = newInstance();
            link(fake, i, new SqsCommandBus(aws.sqs, side));
            String deadQueue = b.hostQueueUrl();
            SessionHost a = host(fake, "fleet-route-live", TTL, SKEW);
            b.halt(); // as SIGKILL: the lease stays b's until it expires, b's queue stays

            // a forwards the logout to b's queue (b's lease is live for a few seconds more); once the lease expired,
            // a's sweep moves what is in b's queue to the shared queue before adopting, and the logout runs on a
            CommandResult out = send(i, TestCommands.Type.LOGOUT);
            assertThat(out.kind()).as("logout: " + out).isEqualTo(CommandResult.Kind.DONE);
            assertThat(aws.sqs
                            .getQueueAttributes(q -> q.queueUrl(deadQueue)
                                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                            .attributes()
                            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .as("the dead host's queue was emptied (not deleted: an expired lease does not prove a host dead)")
                    .isEqualTo("0");
            assertThat(fake.recordings().logouts())
                    .as("the device was unlinked")
                    .hasSize(1);
            Await.until(
                    "a holds no session",
                    WAIT,
                    () -> a.supervisor().session(i.id()).isEmpty());
        }
    }
}
