package io.zapgate.sessionhost.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.session.SessionLeases;
import io.zapgate.core.session.SessionLeases.Lease;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionLeases} does (the in-memory fake and the DynamoDB adapter run these same methods):
 * one live owner per instance, renewal keeps the fencing token, a change of owner raises it, expiry and release
 * free the lease.
 */
public abstract class SessionLeasesContract {
    protected static final Duration TTL = Duration.ofSeconds(60);
    protected final MutableClock clock = MutableClock.startingAtNextMinutePlus(5);

    /** A leases store on {@link #clock}. */
    protected abstract SessionLeases leases();

    private static String instance() {
        return "inst-" + UUID.randomUUID();
    }

    @Test
    void aFreeLeaseIsTakenAndVisible() {
        String id = instance();
        assertThat(leases().current(id)).isEmpty();

        Lease lease = leases().acquire(id, "host-a", TTL).orElseThrow();

        assertThat(lease.instanceId()).isEqualTo(id);
        assertThat(lease.owner()).isEqualTo("host-a");
        assertThat(lease.fencingToken()).isPositive();
        assertThat(lease.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(leases().current(id)).contains(lease);
    }

    @Test
    void aLiveLeaseIsNotTakenByAnotherHost() {
        String id = instance();
        Lease a = leases().acquire(id, "host-a", TTL).orElseThrow();
        clock.advance(TTL.minusSeconds(1));

        assertThat(leases().acquire(id, "host-b", TTL)).isEmpty();
        assertThat(leases().current(id).map(Lease::owner)).contains("host-a");
        assertThat(leases().current(id).map(Lease::fencingToken)).contains(a.fencingToken());
    }

    @Test
    void renewalByTheOwnerKeepsTheTokenAndExtendsTheExpiry() {
        String id = instance();
        Lease first = leases().acquire(id, "host-a", TTL).orElseThrow();
        clock.advance(Duration.ofSeconds(20));

        Lease renewed = leases().acquire(id, "host-a", TTL).orElseThrow();

        assertThat(renewed.fencingToken()).isEqualTo(first.fencingToken());
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL)).isAfter(first.expiresAt());
    }

    @Test
    void anExpiredLeaseGoesToAnotherHostWithAHigherToken() {
        String id = instance();
        Lease a = leases().acquire(id, "host-a", TTL).orElseThrow();
        clock.advance(TTL.plusSeconds(1));

        Lease b = leases().acquire(id, "host-b", TTL).orElseThrow();

        assertThat(b.owner()).isEqualTo("host-b");
        assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
        assertThat(leases().acquire(id, "host-a", TTL)).isEmpty();
    }

    @Test
    void onlyTheOwnerReleasesAndTheTokenStillGrowsAfterARelease() {
        String id = instance();
        Lease a = leases().acquire(id, "host-a", TTL).orElseThrow();

        leases().release(id, "host-b");
        assertThat(leases().acquire(id, "host-b", TTL)).isEmpty();

        leases().release(id, "host-a");
        Lease b = leases().acquire(id, "host-b", TTL).orElseThrow();
        assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
        assertThat(leases().current(id).map(Lease::owner)).contains("host-b");
    }

    @Test
    void releasingAnUnknownLeaseIsANoOp() {
        String id = instance();
        leases().release(id, "host-a");
        assertThat(leases().current(id).filter(l -> l.expiresAt().isAfter(clock.instant())))
                .isEmpty();
        assertThat(leases().acquire(id, "host-a", TTL)).isPresent();
    }

    @Test
    void exactlyOneOfRacingHostsGetsAFreeLease() throws Exception {
        String id = instance();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Optional<Lease>>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String owner = "host-" + i;
            all.add(pool.submit(() -> leases().acquire(id, owner, TTL)));
        }
        List<Lease> won = new ArrayList<>();
        for (Future<Optional<Lease>> f : all) {
            f.get().ifPresent(won::add);
        }
        pool.shutdown();
        assertThat(won).hasSize(1);
        assertThat(leases().current(id).map(Lease::owner)).contains(won.get(0).owner());
    }
}
