package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import io.zapgate.core.session.SessionLeases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A renewal round of many sessions: the closest to lapsing is renewed first, and no more than the configured
 * number of calls are in flight at once (a round that fired one call per session at once made thousands of calls
 * wait, and time out, together).
 */
class RenewalRoundTest {
    private static final int SESSIONS = 120;

    /** Counts the renewal calls in flight; each takes a moment, so that unbounded calls would overlap. */
    private static final class ObservedLeases extends ForwardingSessionLeases {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final List<String> renewed = new CopyOnWriteArrayList<>();
        volatile boolean observing;

        ObservedLeases(SessionLeases delegate) {
            super(delegate);
        }

        @Override
        public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
            if (!observing) {
                return super.acquire(instanceId, owner, ttl);
            }
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                renewed.add(instanceId);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // a call's round trip
                return super.acquire(instanceId, owner, ttl);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private final Rig rig = new Rig();
    private final ObservedLeases leases = new ObservedLeases(rig.leases);
    private final SessionPorts ports = rig.portsWith(leases);
    private final SessionSupervisor supervisor =
            new SessionSupervisor(ports, rig.clients, Rig.HOST, Duration.ofSeconds(60));
    private final CommandHandler handler = new CommandHandler(supervisor, ports);

    /** Opens {@link #SESSIONS} sessions, one a second: their leases expire in the order they were opened. */
    private List<String> openSessions() {
        Account account = Samples.account(SESSIONS + 10);
        rig.store.create(account, Samples.accountToken(account));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            Instance instance = Samples.instance(account, "i" + i);
            rig.store.create(instance, Samples.tokenOf(instance));
            handler.handle(rig.connectCommand(instance, "r" + i));
            assertThat(supervisor.session(instance.id())).isPresent();
            ids.add(instance.id());
            rig.clock.advance(Duration.ofMillis(100));
        }
        return ids;
    }

    @Test
    void theLeaseClosestToLapsingIsRenewedFirst() {
        List<String> byExpiry = openSessions();
        supervisor.renewalsInFlight(1);
        leases.observing = true;

        supervisor.renewLeases();

        assertThat(leases.renewed).containsExactlyElementsOf(byExpiry);
        assertThat(leases.maxInFlight.get()).isEqualTo(1);
    }

    @Test
    void noMoreThanTheLimitIsInFlightAndEveryLeaseIsRenewed() {
        List<String> ids = openSessions();
        supervisor.renewalsInFlight(8);
        leases.observing = true;
        rig.clock.advance(Duration.ofSeconds(20));

        supervisor.renewLeases();

        assertThat(leases.renewed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(leases.maxInFlight.get()).isBetween(1, 8);
        Instant renewedUntil = rig.clock.instant().plus(Duration.ofSeconds(60));
        for (String id : ids) {
            assertThat(supervisor.session(id).orElseThrow().lease().expiresAt()).isEqualTo(renewedUntil);
        }
    }

    @Test
    void theDefaultLimitHoldsForALargeRound() {
        openSessions();
        leases.observing = true;

        supervisor.renewLeases();

        assertThat(leases.renewed).hasSize(SESSIONS);
        assertThat(leases.maxInFlight.get()).isLessThanOrEqualTo(SessionSupervisor.DEFAULT_RENEWALS_IN_FLIGHT);
    }
}
