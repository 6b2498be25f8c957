package io.zapgate.sessionhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.DynamoDbAccountRepository;
import io.zapgate.aws.DynamoDbConnectionStates;
import io.zapgate.aws.DynamoDbInstanceRepository;
import io.zapgate.aws.DynamoDbStreamCommandResults;
import io.zapgate.aws.SqsCommandBus;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.sessionhost.session.SessionPorts;
import io.zapgate.sessionhost.store.SavedSessions;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.FakeWhatsAppOptions;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * LOGOUT and DELETE decide "linked" from the saved session, on the whole session host (real queue, DynamoDB
 * Local, the fake WhatsApp). A LOGOUT of an instance that is not linked yet, while its QR is shown, races the
 * phone scanning that QR — made deterministic by letting the phone scan, and the pairing complete, right after
 * the host read "no saved session" for the first time: WhatsApp must not be left with a companion whose keys
 * the host wiped. A DELETE of a linked device with no live socket (and a stale row) must unlink it.
 */
class LogoutAndDeleteIT {
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

    /** Saved sessions that run a hook once, after a read of "is it linked?" and before that answer is used. */
    private static final class RacingSavedSessions implements SavedSessions {
        private final SavedSessions delegate;
        final AtomicReference<Runnable> afterNextRead = new AtomicReference<>();

        RacingSavedSessions(SavedSessions delegate) {
            this.delegate = delegate;
        }

        @Override
        public DeviceStore deviceStore(String instanceId) {
            return delegate.deviceStore(instanceId);
        }

        @Override
        public PreKeyStore preKeyStore(String instanceId) {
            return delegate.preKeyStore(instanceId);
        }

        @Override
        public DeviceStore deviceStore(String instanceId, long fence) {
            return delegate.deviceStore(instanceId, fence);
        }

        @Override
        public PreKeyStore preKeyStore(String instanceId, long fence) {
            return delegate.preKeyStore(instanceId, fence);
        }

        @Override
        public void wipe(String instanceId, long fence) {
            delegate.wipe(instanceId, fence);
        }

        @Override
        public boolean exists(String instanceId) {
            boolean answer = delegate.exists(instanceId);
            Runnable hook = afterNextRead.getAndSet(null);
            if (hook != null) {
                hook.run();
            }
            return answer;
        }

        @Override
        public void wipe(String instanceId) {
            delegate.wipe(instanceId);
        }
    }

    private SessionHostConfig config(FakeWhatsApp fake) {
        // a long lease: no orphan sweep runs during the test
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
                "it-unlinked-logout",
                1,
                Duration.ofMinutes(10),
                Log.Level.INFO,
                null,
                "off",
                true,
                null,
                null,
                io.zapgate.sessionhost.session.Resumer.Policy.DEFAULTS);
    }

    private Instance newInstance() {
        Account account = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, Samples.accountToken(account));
        Instance i =
                Samples.instance(account, "it-" + UUID.randomUUID().toString().substring(0, 8));
        instances.create(i, Samples.tokenOf(i));
        return i;
    }

    private CommandResult sendAndAwait(Instance i, TestCommands.Type type) {
        String requestId = UUID.randomUUID().toString();
        try (CommandResults.Pending pending = results.expect(requestId)) {
            Map<String, String> args = new HashMap<>();
            args.put("requestId", requestId);
            bus.send(TestCommands.of(
                    UUID.randomUUID().toString(),
                    type,
                    i.accountId(),
                    i.name(),
                    i.id(),
                    Clock.systemUTC().instant(),
                    args));
            return pending.await(WAIT).orElseThrow(() -> new AssertionError("no result for " + type));
        }
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
    void aQrScannedDuringTheLogoutOfAnUnlinkedInstanceIsLoggedOutNotLeftHalfLinked() throws Exception {
        Instance i = newInstance();
        try (FakeWhatsApp fake = FakeWhatsApp.start(FakeWhatsAppOptions.defaults())) {
            SessionHostConfig c = config(fake);
            Clock clock = Clock.systemUTC();
            SessionPorts real = SessionHost.ports(c, clock, aws.dynamo, aws.sqs);
            RacingSavedSessions saved = new RacingSavedSessions(real.saved());
            SessionPorts ports = new SessionPorts(
                    real.instances(), real.states(), real.results(), real.events(), real.leases(), saved, clock);
            try (SessionHost host =
                    new SessionHost(c, ports, SessionHost.clients(c, clock, c.versions()), aws.sqs, List.of())) {
                host.start();
                CommandResult qr = sendAndAwait(i, TestCommands.Type.CONNECT);
                assertThat(qr.kind()).isEqualTo(CommandResult.Kind.QR);
                assertThat(saved.exists(i.id())).isFalse();

                // the host reads "not linked", then the phone scans the QR and the pairing completes
                saved.afterNextRead.set(() -> {
                    try {
                        fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError("the phone could not link", e);
                    }
                });
                CommandResult out = sendAndAwait(i, TestCommands.Type.LOGOUT);

                assertThat(out.kind()).isEqualTo(CommandResult.Kind.DONE);
                assertThat(saved.afterNextRead.get()).isNull();
                assertThat(fake.recordings().pairings()).hasSize(1);
                // the companion that paired meanwhile was logged out on WhatsApp, not left with wiped keys
                assertThat(fake.recordings().logoutSeen()).isTrue();
                assertThat(fake.phone().linkedDevices()).isEmpty();
                assertThat(sessionRowExists(i)).isFalse();
                assertThat(instances.find(i.key()).orElseThrow().connection().state())
                        .isEqualTo(InstanceState.LOGGEDOUT);
                assertThat(host.supervisor().owned()).doesNotContainKey(i.id());
            }
        }
    }

    private void awaitState(Instance i, InstanceState state) {
        Await.until(
                "instance to become " + state,
                WAIT,
                () -> instances.find(i.key()).orElseThrow().connection().state() == state);
    }

    @Test
    void deleteOfALinkedDeviceWithNoLiveSocketLogsInWithTheSavedSessionAndUnlinksIt() throws Exception {
        Instance i = newInstance();
        try (FakeWhatsApp fake = FakeWhatsApp.start(FakeWhatsAppOptions.defaults())) {
            SessionHostConfig c = config(fake);
            try (SessionHost first = new SessionHost(c, Clock.systemUTC(), aws.dynamo, aws.sqs)) {
                first.start();
                CommandResult qr = sendAndAwait(i, TestCommands.Type.CONNECT);
                fake.phone().scanQr(qr.qrCode()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                awaitState(i, InstanceState.CONNECTED);
            } // host shutdown: the socket closes without a logout, the session stays saved
            assertThat(sessionRowExists(i)).isTrue();
            assertThat(fake.phone().linkedDevices()).hasSize(1);
            // the row claims nothing is linked (stale), then the API deletes it and tells the host
            new DynamoDbConnectionStates(aws.dynamo, aws.refs.get("InstancesTable"), cipher)
                    .updateConnection(
                            i.key(),
                            i.id(),
                            new Connection(InstanceState.DISCONNECTED, null, null, null, null, null, null, false));
            assertThat(instances.delete(instances.find(i.key()).orElseThrow())).isTrue();
            try (SessionHost second = new SessionHost(c, Clock.systemUTC(), aws.dynamo, aws.sqs)) {
                second.start();
                CommandResult deleted = sendAndAwait(i, TestCommands.Type.DELETE);
                assertThat(deleted.kind()).isEqualTo(CommandResult.Kind.DONE);
                assertThat(fake.recordings().logoutSeen()).isTrue();
                assertThat(fake.phone().linkedDevices()).isEmpty();
                assertThat(sessionRowExists(i)).isFalse();
                assertThat(second.supervisor().owned()).isEmpty();
                assertThat(second.supervisor().session(i.id())).isEmpty();
            }
        }
    }
}
