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
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.ControlServer;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.FakeWhatsAppOptions;
import io.zapgate.wa.fake.ServedVersion;
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
 * The whole session host against DynamoDB Local, ElasticMQ and the fake WhatsApp, all in this JVM: commands
 * go through the real queue, results come back on the results table's stream, states land on the instance row.
 */
class SessionHostIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final AwsIntegration aws = AwsIntegration.get();
    private final String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private final AesGcmSecretCipher cipher = AesGcmSecretCipher.fromText(key);
    private final DynamoDbInstanceRepository instances =
            new DynamoDbInstanceRepository(aws.dynamo, aws.tables(), cipher);
    private final SqsCommandBus bus = new SqsCommandBus(aws.sqs, aws.refs.get("CommandQueue"));
    private final CommandResults results = new DynamoDbStreamCommandResults(
            aws.dynamo, streams(), aws.refs.get("ConnectResultsTable"), Duration.ofMillis(50));

    private static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient streams() {
        AwsEndpoints e = TestBackends.shared().endpoints();
        return AwsClients.dynamoDbStreams(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
    }

    private SessionHostConfig config(FakeWhatsApp fake, String hostId) {
        return config(fake, hostId, "off");
    }

    private SessionHostConfig config(FakeWhatsApp fake, String hostId, String versionUrl) {
        return new SessionHostConfig(
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
                hostId,
                1,
                Duration.ofSeconds(60),
                Log.Level.INFO,
                null,
                versionUrl,
                true,
                null,
                null,
                io.zapgate.sessionhost.session.Resumer.Policy.DEFAULTS);
    }

    private Map<String, AttributeValue> awaitOfflineSync(Instance i) {
        var row = Await.value(
                "an offline sync recorded",
                WAIT,
                () -> aws.dynamo
                        .getItem(b -> b.tableName(aws.refs.get("InstancesTable"))
                                .consistentRead(true)
                                .key(Map.of(
                                        "accountId",
                                        AttributeValue.fromS(i.accountId()),
                                        "name",
                                        AttributeValue.fromS(i.name()))))
                        .item(),
                r -> r.containsKey("lastOfflineSync"));
        return row.get("lastOfflineSync").m();
    }

    private Instance newInstance() {
        Account account = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, Samples.accountToken(account));
        Instance i =
                Samples.instance(account, "it-" + UUID.randomUUID().toString().substring(0, 8));
        instances.create(i, Samples.tokenOf(i));
        return i;
    }

    private CommandResult sendAndAwait(Instance i, TestCommands.Type type, Map<String, String> args) {
        String requestId = UUID.randomUUID().toString();
        try (CommandResults.Pending pending = results.expect(requestId)) {
            Map<String, String> all = new java.util.HashMap<>(args);
            all.put("requestId", requestId);
            bus.send(TestCommands.of(
                    UUID.randomUUID().toString(),
                    type,
                    i.accountId(),
                    i.name(),
                    i.id(),
                    Clock.systemUTC().instant(),
                    all));
            return pending.await(WAIT).orElseThrow(() -> new AssertionError("no result for " + type));
        }
    }

    private Connection connection(Instance i) {
        return instances.find(i.key()).orElseThrow().connection();
    }

    /** Whether the sessions table holds a saved session (a device or pre-keys; a wiped one leaves a tombstone). */
    private boolean sessionRowExists(Instance i) {
        Map<String, AttributeValue> row = aws.dynamo
                .getItem(b -> b.tableName(aws.refs.get("SessionsTable"))
                        .key(Map.of("instanceId", AttributeValue.fromS(i.id())))
                        .consistentRead(true))
                .item();
        return row.containsKey("device") || row.containsKey("preKeys");
    }

    @Test
    void linkByQrResumeOnANewHostThenLogout() throws Exception {
        Instance i = newInstance();
        EventQueueWatcher events = new EventQueueWatcher(aws.sqs, aws.refs.get("EventQueue"), i.id());
        // The fake refuses our built-in version: linking works only because the host reads the current one.
        try (FakeWhatsApp fake = FakeWhatsApp.start(
                        FakeWhatsAppOptions.defaults().withMinimumVersion(ServedVersion.parse("2.3000.2000000000")));
                ControlServer control = ControlServer.start(fake, 0)) {
            String versionUrl = control.uri().resolve("/web/").toString();
            SessionHost first =
                    new SessionHost(config(fake, "it-host-1", versionUrl), Clock.systemUTC(), aws.dynamo, aws.sqs);
            first.start();
            CommandResult qr = sendAndAwait(i, TestCommands.Type.CONNECT, Map.of());
            assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
            assertThat(qr.qrCode()).isNotBlank();
            assertThat(connection(i).state()).isEqualTo(InstanceState.CONNECTING);
            assertThat(connection(i).qrCode()).isEqualTo(qr.qrCode());

            CommandResult again = sendAndAwait(i, TestCommands.Type.CONNECT, Map.of());
            assertThat(again.qrCode()).isEqualTo(qr.qrCode());
            assertThat(fake.recordings().connectionCount()).isEqualTo(1);

            fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            events.awaitState(InstanceState.CONNECTED, WAIT);
            Connection linked = connection(i);
            assertThat(linked.state()).isEqualTo(InstanceState.CONNECTED);
            assertThat(linked.numberJid()).isEqualTo(fake.phone().phoneNumber() + "@s.whatsapp.net");
            assertThat(linked.hasSession()).isTrue();
            assertThat(linked.qrCode()).isNull();
            assertThat(sessionRowExists(i)).isTrue();
            assertThat(first.supervisor().owned()).containsKey(i.id());
            assertThat(fake.recordings().awaitUntil(r -> r.delivery().acksOk() >= 6, WAIT))
                    .isTrue();
            assertThat(awaitOfflineSync(i)).containsEntry("count", AttributeValue.fromN("6"));

            first.close();
            Connection down = connection(i);
            assertThat(down.state()).isEqualTo(InstanceState.DISCONNECTED);
            assertThat(down.lastDisconnect().reason()).isEqualTo(DisconnectReason.HOST_SHUTDOWN);
            assertThat(down.hasSession()).isTrue();
            assertThat(fake.recordings().logoutSeen()).isFalse();

            try (SessionHost second =
                    new SessionHost(config(fake, "it-host-2", versionUrl), Clock.systemUTC(), aws.dynamo, aws.sqs)) {
                second.start();
                events.awaitState(InstanceState.CONNECTED, WAIT);
                assertThat(connection(i).state()).isEqualTo(InstanceState.CONNECTED);
                assertThat(connection(i).qrCode()).isNull();
                assertThat(fake.recordings().registrationCount()).isEqualTo(1);
                assertThat(second.supervisor().owned().get(i.id()).owner()).isEqualTo("it-host-2");

                CommandResult out = sendAndAwait(i, TestCommands.Type.LOGOUT, Map.of());
                assertThat(out.kind()).isEqualTo(CommandResult.Kind.DONE);
                assertThat(fake.recordings().awaitUntil(r -> r.logoutSeen(), WAIT))
                        .isTrue();
                assertThat(sessionRowExists(i)).isFalse();
                Connection loggedOut = connection(i);
                assertThat(loggedOut.state()).isEqualTo(InstanceState.LOGGEDOUT);
                assertThat(loggedOut.hasSession()).isFalse();
                assertThat(second.supervisor().owned()).doesNotContainKey(i.id());
            }
        }
    }

    @Test
    void aResumeWhatsAppRefusesAtFirstIsRetriedUntilConnectedWithoutAQr() throws Exception {
        Instance i = newInstance();
        EventQueueWatcher events = new EventQueueWatcher(aws.sqs, aws.refs.get("EventQueue"), i.id());
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            try (SessionHost first =
                    new SessionHost(config(fake, "it-host-r1"), Clock.systemUTC(), aws.dynamo, aws.sqs)) {
                first.start();
                CommandResult qr = sendAndAwait(i, TestCommands.Type.CONNECT, Map.of());
                fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                events.awaitState(InstanceState.CONNECTED, WAIT);
            }
            assertThat(connection(i).lastDisconnect().reason()).isEqualTo(DisconnectReason.HOST_SHUTDOWN);
            int before = fake.recordings().connectionCount();
            fake.refuseNextConnections(3);
            SessionHostConfig quick = config(fake, "it-host-r2")
                    .withResume(new io.zapgate.sessionhost.session.Resumer.Policy(
                            4, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(500), WAIT));
            try (SessionHost second = new SessionHost(quick, Clock.systemUTC(), aws.dynamo, aws.sqs)) {
                second.start();
                Connection resumed = Await.value(
                        "the resumed session connected",
                        WAIT,
                        () -> connection(i),
                        c -> c.state() == InstanceState.CONNECTED);
                assertThat(resumed.qrCode()).isNull();
                assertThat(fake.refusedConnections()).isEqualTo(3);
                assertThat(fake.recordings().registrationCount()).isEqualTo(1);
                assertThat(fake.recordings().connectionCount()).isGreaterThan(before);
                assertThat(second.supervisor().owned()).containsKey(i.id());
            }
        }
    }
}
