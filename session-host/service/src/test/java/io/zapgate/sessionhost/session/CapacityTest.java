package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.wa.events.QrCode;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A host whose lease renewal rounds take too long stops taking new sessions instead of growing until a round
 * outlasts the leases and every session is self-fenced at once.
 */
class CapacityTest {
    /** Renewals that take {@code renewalTakes} of the (manual) clock each: a slow table. */
    private final class SlowRenewals extends ForwardingSessionLeases {
        volatile Duration renewalTakes = Duration.ZERO;

        SlowRenewals(SessionLeases delegate) {
            super(delegate);
        }

        @Override
        public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
            rig.clock.advance(renewalTakes);
            return super.acquire(instanceId, owner, ttl);
        }
    }

    private final Rig rig = new Rig();
    private final SlowRenewals leases = new SlowRenewals(rig.leases);
    private final SessionPorts ports = rig.portsWith(leases);
    // lease TTL 60 s, skew 5 s: a lease can wait 55 s for its renewal; at capacity above 27.5 s, below 13.75 s
    private final SessionSupervisor supervisor =
            new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
    private final CommandHandler handler = new CommandHandler(supervisor, ports);
    private final HostMetrics metrics = new HostMetrics("svc", Rig.HOST, supervisor::size, null, rig.clock);
    private final Instance other =
            Samples.instance(rig.store.find(rig.instance.accountId()).orElseThrow(), "other");

    CapacityTest() {
        supervisor.metrics(metrics);
        rig.store.create(other, Samples.tokenOf(other));
    }

    private CommandResult connect(Instance instance, String requestId) {
        handler.handle(rig.connectCommand(instance, requestId));
        supervisor
                .session(instance.id())
                .ifPresent(s -> rig.clients
                        .last()
                        .emit(new QrCode("qr-" + requestId, rig.clock.instant().plusSeconds(60))));
        return rig.result(requestId);
    }

    private void roundTaking(Duration perRenewal) {
        leases.renewalTakes = perRenewal;
        supervisor.renewLeases();
        leases.renewalTakes = Duration.ZERO;
    }

    @Test
    void aSlowRoundStopsNewSessionsUntilRoundsAreShortAgainWhileTheSessionsHeldKeepRenewing() {
        assertThat(connect(rig.instance, "r1").kind()).isEqualTo(CommandResult.Kind.QR);

        roundTaking(Duration.ofSeconds(28));
        assertThat(supervisor.atCapacity())
                .as("one round above half of 55 s: a burst, not capacity")
                .isFalse();
        roundTaking(Duration.ofSeconds(27));
        roundTaking(Duration.ofSeconds(28));
        assertThat(supervisor.atCapacity()).as("not two in a row").isFalse();
        roundTaking(Duration.ofSeconds(28));
        assertThat(supervisor.atCapacity()).as("two rounds in a row above half").isTrue();

        int clients = rig.clients.created().size();
        CommandResult refused = connect(other, "r2");
        assertThat(refused.kind()).isEqualTo(CommandResult.Kind.FAILED);
        assertThat(refused.message()).isEqualTo(InstanceSession.CONNECT_FAILED);
        assertThat(rig.clients.created()).hasSize(clients);
        assertThat(supervisor.session(other.id())).isEmpty();
        assertThat(rig.leases.current(other.id())).isEmpty();
        assertThat(metrics.value(HostMetrics.Counter.SESSIONS_REFUSED)).isEqualTo(1);
        assertThat(supervisor.session(rig.id())).as("the session held stays").isPresent();
        assertThat(supervisor.session(rig.id()).orElseThrow().lease().expiresAt())
                .isEqualTo(rig.clock.instant().plus(Duration.ofSeconds(60)));

        roundTaking(Duration.ofSeconds(14));
        assertThat(supervisor.atCapacity()).as("14 s: not yet below a quarter").isTrue();
        roundTaking(Duration.ofSeconds(13));
        assertThat(supervisor.atCapacity()).isFalse();
        assertThat(connect(other, "r3").kind()).isEqualTo(CommandResult.Kind.QR);
    }

    @Test
    void oneRoundAboveThreeQuartersIsEnoughToStop() {
        assertThat(connect(rig.instance, "r1").kind()).isEqualTo(CommandResult.Kind.QR);

        roundTaking(Duration.ofSeconds(41));
        assertThat(supervisor.atCapacity())
                .as("41 s of 55: under three quarters")
                .isFalse();
        roundTaking(Duration.ofSeconds(0));
        roundTaking(Duration.ofSeconds(42));
        assertThat(supervisor.atCapacity()).isTrue();
        assertThat(connect(other, "r2").kind()).isEqualTo(CommandResult.Kind.FAILED);
    }

    @Test
    void theCapIsNinetyPercentOfTheSessionsHeldAndGrowsOnePercentACalmRound() {
        io.zapgate.core.port.Account account = Samples.account(40);
        rig.store.create(account, Samples.accountToken(account));
        for (int i = 0; i < 20; i++) {
            Instance instance = Samples.instance(account, "i" + i);
            rig.store.create(instance, Samples.tokenOf(instance));
            assertThat(connect(instance, "r" + i).kind()).isEqualTo(CommandResult.Kind.QR);
        }
        assertThat(supervisor.sessionCap()).as("no cap before a slow round").isEqualTo(Integer.MAX_VALUE);

        supervisor.roundTook(Duration.ofSeconds(28));
        supervisor.roundTook(Duration.ofSeconds(28));
        assertThat(supervisor.sessionCap()).isEqualTo(18);
        assertThat(supervisor.atCapacity()).isTrue();
        supervisor.roundTook(Duration.ofSeconds(28));
        assertThat(supervisor.sessionCap())
                .as("cut from the sessions held, not again and again")
                .isEqualTo(18);
        supervisor.roundTook(Duration.ofSeconds(20));
        assertThat(supervisor.sessionCap()).as("neither slow nor calm").isEqualTo(18);

        supervisor.roundTook(Duration.ofSeconds(10));
        supervisor.roundTook(Duration.ofSeconds(10));
        assertThat(supervisor.sessionCap()).isEqualTo(20);
        assertThat(supervisor.atCapacity()).isTrue();
        assertThat(connect(rig.instance, "r-held").kind()).isEqualTo(CommandResult.Kind.FAILED);

        supervisor.roundTook(Duration.ofSeconds(10));
        assertThat(supervisor.atCapacity()).isFalse();
        assertThat(connect(rig.instance, "r-room").kind()).isEqualTo(CommandResult.Kind.QR);
        assertThat(supervisor.atCapacity()).as("21 sessions, cap 21").isTrue();

        for (int round = 0; round < 21; round++) {
            supervisor.roundTook(Duration.ofSeconds(10));
        }
        assertThat(supervisor.sessionCap())
                .as("gone at twice the sessions held")
                .isEqualTo(Integer.MAX_VALUE);
    }
}
