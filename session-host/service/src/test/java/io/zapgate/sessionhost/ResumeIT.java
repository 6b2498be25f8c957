package io.zapgate.sessionhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.Account;
import io.zapgate.sessionhost.fake.FakeSessionClient;
import io.zapgate.sessionhost.fake.InMemoryEventPublisher;
import io.zapgate.sessionhost.fake.InMemorySavedSessions;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.sessionhost.session.ClientSpec;
import io.zapgate.sessionhost.session.Resumer;
import io.zapgate.sessionhost.session.SessionClient;
import io.zapgate.sessionhost.session.SessionClientFactory;
import io.zapgate.sessionhost.session.SessionPorts;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.WaEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Start-up resumes on a whole session host (in-memory stores, the command consumer on ElasticMQ): how many
 * handshakes run at once, and which failed resumes are tried again.
 */
class ResumeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final AwsIntegration aws = AwsIntegration.get();
    private final Clock clock = Clock.systemUTC();
    private final InMemoryStore store = new InMemoryStore();
    private final InMemorySavedSessions saved = new InMemorySavedSessions();
    private final InMemorySessionLeases leases = new InMemorySessionLeases(clock);
    private final SessionPorts ports = new SessionPorts(
            store, store, new InMemoryCommandResults(), new InMemoryEventPublisher(), leases, saved, clock);
    private final ScriptedClients clients = new ScriptedClients();
    private final Account account = Samples.account(500);
    private SessionHost host;

    ResumeIT() {
        store.create(account, Samples.accountToken(account));
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        clients.timer.shutdownNow();
    }

    /** An instance that was connected when the last host stopped, with its saved session. */
    private Instance live(String name) {
        Instance i = Samples.instance(account, name);
        store.create(i, Samples.tokenOf(i));
        store.updateConnection(
                i.key(),
                i.id(),
                new Connection(
                        InstanceState.CONNECTED, "15551234567@s.whatsapp.net", null, null, null, null, null, true));
        saved.link(i.id());
        // what the last host left: a released lease on a shard, which the start-up sweep finds
        leases.acquire(
                i.id(),
                "previous-host",
                Duration.ofSeconds(60),
                new io.zapgate.core.session.SessionLeases.Subject(i.accountId(), i.name()));
        leases.release(i.id(), "previous-host");
        return i;
    }

    private SessionHost host(Resumer.Policy policy) {
        String queue = aws.sqs
                .createQueue(b -> b.queueName("resume-" + UUID.randomUUID() + ".fifo")
                        .attributes(Map.of(
                                software.amazon.awssdk.services.sqs.model.QueueAttributeName.FIFO_QUEUE, "true")))
                .queueUrl();
        SessionHostConfig c = new SessionHostConfig(
                "us-east-1",
                null,
                null,
                "-",
                "-",
                "-",
                "-",
                queue,
                "-",
                null,
                "-",
                URI.create("ws://127.0.0.1:1/ws/chat"),
                null,
                0,
                "resume-host",
                1,
                Duration.ofSeconds(60),
                Log.Level.INFO,
                null,
                "off",
                true,
                null,
                null,
                policy);
        host = new SessionHost(c, ports, clients, aws.sqs, List.of());
        return host;
    }

    private InstanceState state(Instance i) {
        return store.find(i.key()).orElseThrow().connection().state();
    }

    @Test
    void startUpNeverRunsMoreHandshakesAtOnceThanTheConcurrency() {
        List<Instance> all = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            all.add(live("r" + n));
        }
        clients.script = id -> Outcome.LOGIN;
        host(new Resumer.Policy(4, Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(200), WAIT))
                .start();
        Await.until(
                "all 100 sessions connected",
                WAIT,
                () -> all.stream()
                        .allMatch(i -> host.supervisor()
                                .session(i.id())
                                .map(s -> s.isLoggedIn())
                                .orElse(false)));
        assertThat(clients.connects.get()).isEqualTo(100);
        assertThat(clients.maxHandshakes.get()).isLessThanOrEqualTo(4).isGreaterThan(1);
    }

    @Test
    void aFailedResumeIsRetriedUntilConnectedButABannedOneIsNot() {
        Instance flaky = live("flaky");
        Instance banned = live("banned");
        Map<String, AtomicInteger> tries = new ConcurrentHashMap<>();
        clients.script = id -> {
            int n = tries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            if (id.equals(banned.id())) {
                return Outcome.BANNED;
            }
            return n <= 3 ? Outcome.REFUSED : Outcome.LOGIN;
        };
        host(new Resumer.Policy(16, Duration.ZERO, Duration.ofMillis(50), Duration.ofMillis(400), WAIT))
                .start();
        Await.until(
                "the flaky session connected",
                WAIT,
                () -> host.supervisor()
                        .session(flaky.id())
                        .map(s -> s.isLoggedIn())
                        .orElse(false));
        assertThat(state(flaky)).isEqualTo(InstanceState.CONNECTED);
        assertThat(tries.get(flaky.id())).hasValue(4);
        assertThat(store.find(flaky.key()).orElseThrow().connection().qrCode()).isNull();
        assertThat(state(banned)).isEqualTo(InstanceState.BANNED);
        assertThat(tries.get(banned.id())).hasValue(1);
        assertThat(host.supervisor().session(banned.id())).isEmpty();
    }

    enum Outcome {
        LOGIN,
        REFUSED,
        BANNED
    }

    /**
     * Clients whose connect plays a scripted outcome a little later (a handshake takes time), counting the
     * handshakes in progress: from connect until logged in or failed.
     */
    static final class ScriptedClients implements SessionClientFactory {
        final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        final AtomicInteger connects = new AtomicInteger();
        final AtomicInteger handshakes = new AtomicInteger();
        final AtomicInteger maxHandshakes = new AtomicInteger();
        /** Instance id → what its next connect does. */
        volatile Function<String, Outcome> script = id -> Outcome.LOGIN;

        @Override
        public SessionClient create(ClientSpec spec) {
            return new Scripted(new FakeSessionClient(spec), this);
        }
    }

    private static final class Scripted implements SessionClient {
        private final FakeSessionClient fake;
        private final ScriptedClients owner;

        Scripted(FakeSessionClient fake, ScriptedClients owner) {
            this.fake = fake;
            this.owner = owner;
        }

        @Override
        public CompletableFuture<Void> prepare() {
            return fake.prepare();
        }

        @Override
        public CompletableFuture<Void> connect() {
            owner.connects.incrementAndGet();
            int now = owner.handshakes.incrementAndGet();
            owner.maxHandshakes.accumulateAndGet(now, Math::max);
            Outcome outcome = owner.script.apply(fake.spec.instanceId());
            // the handshake's round trips, simulated: not a synchronisation
            owner.timer.schedule(
                    () -> {
                        owner.handshakes.decrementAndGet();
                        WaEvent event = switch (outcome) {
                            case LOGIN -> new Connected();
                            case REFUSED ->
                                new ConnectAttemptFailed(
                                        ConnectAttemptFailed.Cause.TRANSPORT, "connection refused", false);
                            case BANNED -> new LoggedOut(403, true);
                        };
                        fake.emit(event);
                    },
                    20,
                    TimeUnit.MILLISECONDS);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void disconnect() {
            fake.disconnect();
        }

        @Override
        public CompletableFuture<Void> logout() {
            return fake.logout();
        }

        @Override
        public CompletableFuture<String> requestPairingCode(String phone) {
            return fake.requestPairingCode(phone);
        }

        @Override
        public CompletableFuture<Void> sendPresence(boolean available) {
            return fake.sendPresence(available);
        }

        @Override
        public CompletableFuture<Void> rejectCall(Jid callFrom, String callId) {
            return fake.rejectCall(callFrom, callId);
        }

        @Override
        public boolean isLoggedIn() {
            return fake.isLoggedIn();
        }

        @Override
        public Optional<String> numberJid() {
            return fake.numberJid();
        }

        @Override
        public io.zapgate.core.instance.Profile profile() {
            return fake.profile();
        }

        @Override
        public void addListener(Consumer<WaEvent> listener) {
            fake.addListener(listener);
        }
    }
}
