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
import io.zapgate.sessionhost.store.DynamoDbSavedSessions;
import io.zapgate.sessionhost.store.SavedSessions;
import io.zapgate.sessionhost.store.SessionsTable;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Split brain on the data rows: host A holds an instance's session while "host B" takes its lease with a higher
 * fencing token (as a host whose clock ran ahead would) and writes the saved session under it. A's next write
 * of the saved session (a pre-key top-up, or the device of a pairing) is refused by the fence, and A abandons
 * the session at once (long before its next lease renewal would tell it), leaving B's row as B wrote it.
 */
class FencedDataWritesIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Well within A's first renewal (TTL/3 = 40 s): an abandonment by then is the fence's doing. */
    private static final Duration ABANDON_WAIT = Duration.ofSeconds(15);

    private static final Duration TTL = Duration.ofSeconds(120);
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
    /** Host B's view of the saved sessions (same table and key). */
    private final SavedSessions hostB = new DynamoDbSavedSessions(
            new SessionsTable(aws.dynamo, aws.refs.get("SessionsTable"), cipher, Clock.systemUTC()));

    private SessionHost hostA(FakeWhatsApp fake) {
        SessionHostConfig c = new SessionHostConfig(
                        "us-east-1",
                        null,
                        null,
                        aws.refs.get("InstancesTable"),
                        aws.refs.get("ConnectResultsTable"),
                        aws.refs.get("SessionsTable"),
                        aws.refs.get("SessionLeasesTable"),
                        aws.refs.get("CommandQueue"),
                        aws.refs.get("EventQueue"),
                        null,
                        key,
                        fake.wsUrl(),
                        fake.rootPublicKeyHex(),
                        fake.rootSerial(),
                        "fence-a-" + UUID.randomUUID().toString().substring(0, 8),
                        1,
                        TTL,
                        Log.Level.INFO,
                        null,
                        "off",
                        true)
                .withLease(TTL, Duration.ofSeconds(5));
        SessionHost host = new SessionHost(c, Clock.systemUTC(), aws.dynamo, aws.sqs);
        host.start();
        return host;
    }

    private Instance newInstance() {
        Account account = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, Samples.accountToken(account));
        Instance i = Samples.instance(
                account, "fence-" + UUID.randomUUID().toString().substring(0, 8));
        instances.create(i, Samples.tokenOf(i));
        return i;
    }

    private CommandResult connect(Instance i) {
        String requestId = UUID.randomUUID().toString();
        try (CommandResults.Pending pending = results.expect(requestId)) {
            bus.send(TestCommands.of(
                    UUID.randomUUID().toString(),
                    TestCommands.Type.CONNECT,
                    i.accountId(),
                    i.name(),
                    i.id(),
                    Clock.systemUTC().instant(),
                    Map.of("requestId", requestId)));
            return pending.await(WAIT).orElseThrow(() -> new AssertionError("no connect result"));
        }
    }

    private InstanceState state(Instance i) {
        return instances.find(i.key()).orElseThrow().connection().state();
    }

    private Map<String, AttributeValue> sessionRow(Instance i) {
        return aws.dynamo
                .getItem(b -> b.tableName(aws.refs.get("SessionsTable"))
                        .key(Map.of("instanceId", AttributeValue.fromS(i.id())))
                        .consistentRead(true))
                .item();
    }

    private Map<String, AttributeValue> leaseRow(Instance i) {
        return aws.dynamo
                .getItem(b -> b.tableName(aws.refs.get("SessionLeasesTable"))
                        .key(Map.of("instanceId", AttributeValue.fromS(i.id())))
                        .consistentRead(true))
                .item();
    }

    /** "Host B" takes the lease (a higher token) while A still believes it holds it. @return B's token */
    private long hostBTakesTheLease(Instance i) {
        return Long.parseLong(aws.dynamo
                .updateItem(b -> b.tableName(aws.refs.get("SessionLeasesTable"))
                        .key(Map.of("instanceId", AttributeValue.fromS(i.id())))
                        .updateExpression("SET #o = :b, fencing = fencing + :one, expiresAt = :until")
                        .expressionAttributeNames(Map.of("#o", "owner"))
                        .expressionAttributeValues(Map.of(
                                ":b",
                                AttributeValue.fromS("fence-b"),
                                ":one",
                                AttributeValue.fromN("1"),
                                ":until",
                                AttributeValue.fromN(
                                        Long.toString(Clock.systemUTC().millis() + TTL.toMillis()))))
                        .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW))
                .attributes()
                .get("fencing")
                .n());
    }

    @Test
    void aPreKeyWriteOfTheOlderOwnerIsRefusedAndItAbandonsTheSession() throws Exception {
        Instance i = newInstance();
        EventQueueWatcher events = new EventQueueWatcher(aws.sqs, aws.refs.get("EventQueue"), i.id());
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                SessionHost a = hostA(fake)) {
            CommandResult qr = connect(i);
            assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
            fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Await.until("linked", WAIT, () -> state(i) == InstanceState.CONNECTED);
            Await.until(
                    "the first pre-keys uploaded",
                    WAIT,
                    () -> sessionRow(i).containsKey("preKeysUploaded")
                            && Integer.parseInt(
                                            sessionRow(i).get("preKeysUploaded").n())
                                    > 0);
            long tokenA = a.supervisor().owned().get(i.id()).fencingToken();
            assertThat(sessionRow(i).get("fence").n()).isEqualTo(Long.toString(tokenA));
            // A's events carry its token
            var connected = events.awaitState(InstanceState.CONNECTED, WAIT);
            assertThat(events.fences).containsEntry(connected.eventId(), tokenA);

            long tokenB = hostBTakesTheLease(i);
            assertThat(tokenB).isGreaterThan(tokenA);
            // B resumed the session and saved it under its token
            hostB.deviceStore(i.id(), tokenB)
                    .save(hostB.deviceStore(i.id()).load().orElseThrow());
            Map<String, AttributeValue> written = sessionRow(i);

            // the server runs low on A's pre-keys: A generates new ones and its write is refused
            fake.phone()
                    .push(
                            fake.phone().linkedDevices().getFirst().jid(),
                            Node.builder("notification")
                                    .attr("from", Jid.SERVER_JID)
                                    .attr("id", "fence-" + UUID.randomUUID())
                                    .attr("type", "encrypt")
                                    .attr("t", Clock.systemUTC().instant().getEpochSecond())
                                    .children(Node.builder("count")
                                            .attr("value", "0")
                                            .build())
                                    .build());

            Await.until(
                    "A abandoned the session",
                    ABANDON_WAIT,
                    () -> a.supervisor().session(i.id()).isEmpty());
            Await.until("A's socket closed", WAIT, () -> fake.recordings().openCount() == 0);
            assertThat(sessionRow(i)).as("B's saved session is as B wrote it").isEqualTo(written);
            assertThat(leaseRow(i).get("owner").s()).isEqualTo("fence-b");
            assertThat(leaseRow(i).get("fencing").n()).isEqualTo(Long.toString(tokenB));
            assertThat(state(i)).as("A recorded nothing more").isEqualTo(InstanceState.CONNECTED);
        }
    }

    @Test
    void aPairingSavedByTheOlderOwnerIsRefusedAndItAbandonsTheSession() throws Exception {
        Instance i = newInstance();
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                SessionHost a = hostA(fake)) {
            CommandResult qr = connect(i);
            assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
            long tokenA = a.supervisor().owned().get(i.id()).fencingToken();

            long tokenB = hostBTakesTheLease(i);
            assertThat(tokenB).isGreaterThan(tokenA);
            // B found nothing linked and wiped under its token: a tombstone
            hostB.wipe(i.id(), tokenB);
            Map<String, AttributeValue> written = sessionRow(i);
            assertThat(written.get("fence").n()).isEqualTo(Long.toString(tokenB));

            // the QR A showed is scanned: A's save of the paired device is refused by the fence
            fake.phone().scanQr(qr.qrCode());

            Await.until(
                    "A abandoned the session",
                    ABANDON_WAIT,
                    () -> a.supervisor().session(i.id()).isEmpty());
            Await.until("A's socket closed", WAIT, () -> fake.recordings().openCount() == 0);
            assertThat(sessionRow(i)).as("no device saved over B's tombstone").isEqualTo(written);
            assertThat(hostB.exists(i.id())).isFalse();
            assertThat(leaseRow(i).get("owner").s()).isEqualTo("fence-b");
        }
    }
}
