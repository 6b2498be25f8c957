package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.sessionhost.ops.HostMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The supervisor's renewal round feeds the metrics: a latency per call, failures, leases lost. */
class RenewalMetricsTest {
    /** Leases that fail while {@code failing} (DynamoDB unreachable). */
    private static final class FlakyLeases extends ForwardingSessionLeases {
        private volatile boolean failing;

        FlakyLeases(SessionLeases delegate) {
            super(delegate);
        }

        @Override
        public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
            if (failing) {
                throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
            }
            return super.acquire(instanceId, owner, ttl);
        }

        @Override
        public Optional<Lease> acquire(String instanceId, String owner, Duration ttl, Subject subject) {
            if (failing) {
                throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
            }
            return super.acquire(instanceId, owner, ttl, subject);
        }
    }

    private final Rig rig = new Rig();
    private final FlakyLeases leases = new FlakyLeases(rig.leases);
    private final SessionPorts ports = rig.portsWith(leases);
    private final SessionSupervisor supervisor =
            new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
    private final HostMetrics metrics = new HostMetrics("svc", Rig.HOST, supervisor::size, null, rig.clock);

    private void open() {
        supervisor.metrics(metrics);
        new CommandHandler(supervisor, ports)
                .handle(rig.command(io.zapgate.sessionhost.TestCommands.Type.CONNECT, Map.of("requestId", "r1")));
        assertThat(supervisor.session(rig.id())).isPresent();
    }

    @Test
    void eachRenewalCallIsTimed() {
        open();
        supervisor.renewLeases();
        assertThat(metrics.emf()).contains("\"LeaseRenewalLatency\":[").contains("\"SessionsHeld\":1");
        assertThat(metrics.value(HostMetrics.Counter.RENEWAL_FAILURES)).isZero();
    }

    @Test
    void failedRenewalsAreCountedAndAnExpiredLeaseIsLost() {
        open();
        leases.failing = true;
        rig.clock.advance(Duration.ofSeconds(30));
        supervisor.renewLeases();
        assertThat(metrics.value(HostMetrics.Counter.RENEWAL_FAILURES)).isEqualTo(1);
        assertThat(metrics.value(HostMetrics.Counter.LEASES_LOST)).isZero();
        rig.clock.advance(Duration.ofSeconds(31));
        supervisor.renewLeases();
        // past expiry - skew the session is fenced (closed) before any renewal is tried
        assertThat(metrics.value(HostMetrics.Counter.RENEWAL_FAILURES)).isEqualTo(1);
        assertThat(metrics.value(HostMetrics.Counter.LEASES_LOST)).isEqualTo(1);
        assertThat(supervisor.size()).isZero();
    }

    @Test
    void aLeaseTakenByAnotherHostIsLost() {
        open();
        rig.leases.release(rig.id(), Rig.HOST);
        rig.leases.acquire(rig.id(), "host-b", Duration.ofSeconds(60));
        supervisor.renewLeases();
        assertThat(metrics.value(HostMetrics.Counter.LEASES_LOST)).isEqualTo(1);
    }
}
