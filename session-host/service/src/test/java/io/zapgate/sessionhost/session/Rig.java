package io.zapgate.sessionhost.session;

import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.CommandResult;
import io.zapgate.sessionhost.TestCommands;
import io.zapgate.sessionhost.fake.FakeSessionClient;
import io.zapgate.sessionhost.fake.FakeSessionClients;
import io.zapgate.sessionhost.fake.InMemoryEventPublisher;
import io.zapgate.sessionhost.fake.InMemorySavedSessions;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A supervisor on in-memory ports and scripted clients, with one instance created. */
final class Rig {
    static final String HOST = "host-a";
    final MutableClock clock = new MutableClock(Samples.T0);
    final InMemoryStore store = new InMemoryStore();
    final InMemoryEventPublisher events = new InMemoryEventPublisher();
    final InMemorySessionLeases leases = new InMemorySessionLeases(clock);
    final InMemoryCommandResults results = new InMemoryCommandResults().fencedBy(leases);
    final InMemorySavedSessions saved = new InMemorySavedSessions();
    final FakeSessionClients clients = new FakeSessionClients();
    final SessionPorts ports = new SessionPorts(store, store, results, events, leases, saved, clock);
    final SessionSupervisor supervisor = new SessionSupervisor(ports, clients, HOST, Duration.ofSeconds(60));
    final CommandHandler handler = new CommandHandler(supervisor, ports);
    final Instance instance;

    Rig() {
        Account account = Samples.account(10);
        store.create(account, Samples.accountToken(account));
        Instance i = Samples.instance(account, "sales");
        store.create(i, Samples.tokenOf(i));
        instance = i;
    }

    /** The rig's ports with {@code other} as the leases (a wrapper that slows, fails or observes them). */
    SessionPorts portsWith(io.zapgate.core.session.SessionLeases other) {
        return new SessionPorts(store, store, results, events, other, saved, clock);
    }

    /** A CONNECT command for {@code target} (any instance of the store) with {@code requestId}, issued now. */
    InstanceCommand connectCommand(Instance target, String requestId) {
        return TestCommands.of(
                UUID.randomUUID().toString(),
                TestCommands.Type.CONNECT,
                target.accountId(),
                target.name(),
                target.id(),
                clock.instant(),
                Map.of("requestId", requestId));
    }

    String id() {
        return instance.id();
    }

    Instance row() {
        return store.find(instance.key()).orElseThrow();
    }

    Connection connection() {
        return row().connection();
    }

    InstanceCommand command(TestCommands.Type type, Map<String, String> args) {
        return TestCommands.of(
                UUID.randomUUID().toString(),
                type,
                instance.accountId(),
                instance.name(),
                instance.id(),
                clock.instant(),
                args);
    }

    CommandHandler.Outcome send(TestCommands.Type type, String requestId, String... kv) {
        Map<String, String> args = new HashMap<>();
        if (requestId != null) {
            args.put("requestId", requestId);
        }
        for (int i = 0; i + 1 < kv.length; i += 2) {
            args.put(kv[i], kv[i + 1]);
        }
        return handler.handle(command(type, args));
    }

    CommandResult result(String requestId) {
        try (var pending = results.expect(requestId)) {
            return pending.await(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no result " + requestId));
        }
    }

    FakeSessionClient client() {
        return clients.last();
    }
}
