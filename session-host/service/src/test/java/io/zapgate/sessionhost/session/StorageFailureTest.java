package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.ConnectionStates;
import io.zapgate.sessionhost.TestCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the instance row cannot be written, no session lingers holding the lease and swallowing connects. */
class StorageFailureTest {
    private static final class UnwritableStates implements ConnectionStates {
        @Override
        public boolean updateConnection(InstanceKey key, String instanceId, Connection connection) {
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
        }

        @Override
        public boolean updateProfile(InstanceKey key, String instanceId, Profile profile) {
            return true;
        }

        @Override
        public boolean recordOfflineSync(InstanceKey key, String instanceId, io.zapgate.core.session.OfflineSync sync) {
            return true;
        }

        @Override
        public List<Instance> resumable() {
            return List.of();
        }
    }

    @Test
    void aConnectWhoseStateCannotBeRecordedFailsAndLeavesNothingBehind() {
        Rig rig = new Rig();
        SessionPorts ports = new SessionPorts(
                rig.store, new UnwritableStates(), rig.results, rig.events, rig.leases, rig.saved, rig.clock);
        SessionSupervisor supervisor = new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
        CommandHandler handler = new CommandHandler(supervisor, ports);
        handler.handle(rig.command(TestCommands.Type.CONNECT, Map.of("requestId", "r1")));
        assertThat(rig.result("r1").kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(supervisor.session(rig.id())).isEmpty();
        assertThat(rig.leases.current(rig.id())).isEmpty();
        assertThat(rig.clients.created()).allSatisfy(c -> assertThat(c.connects).hasValue(0));
    }

    /** Leases that stop answering on demand (DynamoDB unreachable from this host). */
    private static class FlakyLeases extends ForwardingSessionLeases {
        private volatile boolean failing;

        FlakyLeases(io.zapgate.core.session.SessionLeases delegate) {
            super(delegate);
        }

        @Override
        public java.util.Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
            if (failing) {
                throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
            }
            return super.acquire(instanceId, owner, ttl);
        }

        @Override
        public java.util.Optional<Lease> acquire(String instanceId, String owner, Duration ttl, Subject subject) {
            if (failing) {
                throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
            }
            return super.acquire(instanceId, owner, ttl, subject);
        }
    }

    @Test
    void aHostThatCannotRenewPastExpiryClosesTheSocket() {
        Rig rig = new Rig();
        FlakyLeases leases = new FlakyLeases(rig.leases);
        SessionPorts ports =
                new SessionPorts(rig.store, rig.store, rig.results, rig.events, leases, rig.saved, rig.clock);
        SessionSupervisor supervisor = new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
        new CommandHandler(supervisor, ports).handle(rig.command(TestCommands.Type.CONNECT, Map.of("requestId", "r1")));
        assertThat(supervisor.session(rig.id())).isPresent();
        leases.failing = true;
        rig.clock.advance(Duration.ofSeconds(30));
        supervisor.renewLeases();
        assertThat(supervisor.session(rig.id())).as("still within the lease").isPresent();
        rig.clock.advance(Duration.ofSeconds(31));
        supervisor.renewLeases();
        assertThat(supervisor.session(rig.id()))
                .as("past the lease: fenced off")
                .isEmpty();
    }

    @Test
    void aHostThatCannotRenewClosesTheSocketTheSkewBudgetBeforeTheLeaseExpires() {
        Rig rig = new Rig();
        FlakyLeases leases = new FlakyLeases(rig.leases);
        SessionPorts ports =
                new SessionPorts(rig.store, rig.store, rig.results, rig.events, leases, rig.saved, rig.clock);
        SessionSupervisor supervisor =
                new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60), Duration.ofSeconds(5));
        new CommandHandler(supervisor, ports)
                .handle(rig.command(io.zapgate.sessionhost.TestCommands.Type.CONNECT, Map.of("requestId", "r1")));
        java.time.Instant expiry = supervisor.owned().get(rig.id()).expiresAt();
        leases.failing = true;
        rig.clock.set(expiry.minusSeconds(5).minusMillis(1));
        supervisor.renewLeases();
        assertThat(supervisor.fenceLapsed()).isZero();
        assertThat(supervisor.session(rig.id()))
                .as("more than the skew budget left")
                .isPresent();
        rig.clock.set(expiry.minusSeconds(5));
        assertThat(supervisor.fenceLapsed()).as("no I/O needed to fence").isEqualTo(1);
        assertThat(supervisor.session(rig.id())).isEmpty();
        assertThat(rig.client().disconnects)
                .as("socket closed before the lease expires")
                .hasValue(1);
        assertThat(rig.leases.current(rig.id()).orElseThrow().expiresAt())
                .as("nobody else may take it yet")
                .isAfter(rig.clock.instant());
    }

    @Test
    void renewalsRunConcurrentlySoOneSlowCallDelaysNoOther() throws Exception {
        Rig rig = new Rig();
        java.util.concurrent.CountDownLatch bothIn = new java.util.concurrent.CountDownLatch(2);
        java.util.concurrent.atomic.AtomicBoolean oneAfterAnother = new java.util.concurrent.atomic.AtomicBoolean();
        FlakyLeases slow = new FlakyLeases(rig.leases) {
            @Override
            public java.util.Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
                bothIn.countDown();
                try {
                    // each renewal waits for the other: only concurrent renewals get past this
                    if (!bothIn.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                        oneAfterAnother.set(true);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.acquire(instanceId, owner, ttl);
            }
        };
        SessionPorts ports =
                new SessionPorts(rig.store, rig.store, rig.results, rig.events, slow, rig.saved, rig.clock);
        SessionSupervisor supervisor = new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
        io.zapgate.core.port.Account other = io.zapgate.core.contract.Samples.account(11);
        rig.store.create(other, io.zapgate.core.contract.Samples.accountToken(other));
        Instance second = io.zapgate.core.contract.Samples.instance(other, "support");
        rig.store.create(second, io.zapgate.core.contract.Samples.tokenOf(second));
        CommandHandler handler = new CommandHandler(supervisor, ports);
        handler.handle(rig.command(io.zapgate.sessionhost.TestCommands.Type.CONNECT, Map.of("requestId", "r1")));
        handler.handle(io.zapgate.sessionhost.TestCommands.of(
                java.util.UUID.randomUUID().toString(),
                io.zapgate.sessionhost.TestCommands.Type.CONNECT,
                second.accountId(),
                second.name(),
                second.id(),
                rig.clock.instant(),
                Map.of("requestId", "r2")));
        assertThat(supervisor.size()).isEqualTo(2);
        supervisor.renewLeases();
        assertThat(oneAfterAnother).as("a renewal waited for the other").isFalse();
        assertThat(supervisor.size()).as("both renewed, none fenced").isEqualTo(2);
    }
}
