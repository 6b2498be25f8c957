package io.zapgate.sessionhost.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.DynamoDbSessionLeases;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.core.session.SessionLeases.Lease;
import io.zapgate.core.session.SessionLeases.Orphan;
import io.zapgate.core.session.SessionLeases.Subject;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.testsupport.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The lease port's contract, run against both the in-memory fake (unit tests use it) and the DynamoDB adapter on
 * DynamoDB Local (the session host uses it): the same rules hold for both, so what the fast tests prove about the
 * fake holds for the real table.
 */
class SessionLeasesContractTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    /** The fake, in a map. */
    @Nested
    class InMemory extends Contract {
        @Override
        SessionLeases leases(MutableClock clock) {
            return new InMemorySessionLeases(clock);
        }
    }

    /** The DynamoDB adapter on DynamoDB Local, the table created from template.yaml. */
    @Nested
    class DynamoDb extends Contract {
        /** UpdateItem calls made through {@link #leases(MutableClock)}'s client. */
        final AtomicInteger writes = new AtomicInteger();

        @Override
        SessionLeases leases(MutableClock clock) {
            AwsIntegration aws = AwsIntegration.get();
            DynamoDbClient counting = (DynamoDbClient) Proxy.newProxyInstance(
                    DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (p, m, args) -> {
                        if (m.getName().equals("updateItem")) {
                            writes.incrementAndGet();
                        }
                        try {
                            return m.invoke(aws.dynamo, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            return new DynamoDbSessionLeases(counting, aws.refs.get("SessionLeasesTable"), clock);
        }

        @Test
        void openingAFreeOrExpiredLeaseIsOneWriteAndSoIsRenewingOurs() {
            assertThat(leases.acquire(id, "host-a", TTL, subject)).isPresent();
            assertThat(writes.get()).as("open a free lease").isEqualTo(1);
            assertThat(leases.acquire(id, "host-a", TTL)).isPresent();
            assertThat(writes.get()).as("renew ours").isEqualTo(2);
            clock.advance(TTL.plusSeconds(1));
            assertThat(leases.acquire(id, "host-b", TTL, subject)).isPresent();
            assertThat(writes.get()).as("open an expired lease").isEqualTo(3);
        }
    }

    abstract static class Contract {
        final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        final SessionLeases leases = leases(clock);
        final String id = UUID.randomUUID().toString();
        final Subject subject = new Subject("acc-" + id.substring(0, 6), "name-" + id.substring(0, 6));

        abstract SessionLeases leases(MutableClock clock);

        List<String> orphanIds() {
            return leases.orphans(SessionLeases.shardOf(id), clock.instant(), 1000).stream()
                    .map(Orphan::instanceId)
                    .filter(id::equals)
                    .toList();
        }

        @Test
        void oneOwnerUntilExpiryAndTheFencingTokenGrowsWithEveryNewOwner() {
            Lease a = leases.acquire(id, "host-a", TTL, subject).orElseThrow();
            assertThat(leases.acquire(id, "host-b", TTL, subject)).isEmpty();
            assertThat(leases.acquire(id, "host-b", TTL)).isEmpty();
            clock.advance(Duration.ofSeconds(10));
            Lease renewed = leases.acquire(id, "host-a", TTL).orElseThrow();
            assertThat(renewed.fencingToken()).isEqualTo(a.fencingToken());
            assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plus(TTL));
            clock.advance(TTL.plusSeconds(1));
            Lease b = leases.acquire(id, "host-b", TTL, subject).orElseThrow();
            assertThat(b.owner()).isEqualTo("host-b");
            assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
            assertThat(leases.acquire(id, "host-a", TTL))
                    .as("the old owner cannot renew")
                    .isEmpty();
            leases.release(id, "host-a");
            assertThat(leases.current(id)).map(Lease::owner).contains("host-b");
        }

        @Test
        void openingOurOwnExpiredLeaseAgainTakesANewFencingTokenWhileOpeningOrRenewingALiveOneKeepsIt() {
            Lease a = leases.acquire(id, "host-a", TTL, subject).orElseThrow();
            assertThat(leases.acquire(id, "host-a", TTL, subject).orElseThrow().fencingToken())
                    .isEqualTo(a.fencingToken());
            assertThat(leases.acquire(id, "host-a", TTL).orElseThrow().fencingToken())
                    .isEqualTo(a.fencingToken());
            clock.advance(TTL.plusSeconds(1));
            Lease again = leases.acquire(id, "host-a", TTL, subject).orElseThrow();
            assertThat(again.fencingToken()).isGreaterThan(a.fencingToken());
            assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        }

        @Test
        void aLiveLeaseIsNoOrphanUntilItExpiresAndTheSweepFindsItWithItsSubject() {
            assertThat(leases.acquire(id, "host-a", TTL, subject)).isPresent();
            assertThat(orphanIds()).isEmpty();
            clock.advance(TTL.minusSeconds(1));
            assertThat(leases.acquire(id, "host-a", TTL)).isPresent(); // a renewal keeps the instance on its shard
            clock.advance(TTL.plusMillis(1));
            List<Orphan> found = leases.orphans(SessionLeases.shardOf(id), clock.instant(), 1000).stream()
                    .filter(o -> o.instanceId().equals(id))
                    .toList();
            assertThat(found)
                    .singleElement()
                    .satisfies(o -> assertThat(o.subject()).isEqualTo(subject));
            for (int shard = 0; shard < SessionLeases.SHARDS; shard++) {
                if (shard != SessionLeases.shardOf(id)) {
                    assertThat(leases.orphans(shard, clock.instant(), 1000))
                            .extracting(Orphan::instanceId)
                            .doesNotContain(id);
                }
            }
        }

        @Test
        void aReleasedLeaseIsAnOrphanAtOnceAndKeepsItsFencingCounter() {
            Lease a = leases.acquire(id, "host-a", TTL, subject).orElseThrow();
            leases.release(id, "host-b");
            assertThat(leases.current(id)).as("only the owner releases").isPresent();
            leases.release(id, "host-a");
            assertThat(leases.current(id)).isEmpty();
            assertThat(orphanIds()).containsExactly(id);
            Lease b = leases.acquire(id, "host-b", TTL, subject).orElseThrow();
            assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
            assertThat(orphanIds()).isEmpty();
        }

        @Test
        void aForgottenInstanceLeavesTheSweepButNotItsFencingCounter() {
            Lease a = leases.acquire(id, "host-a", TTL, subject).orElseThrow();
            leases.forget(id, "host-a");
            clock.advance(TTL.multipliedBy(3));
            assertThat(leases.current(id)).isEmpty();
            assertThat(orphanIds()).isEmpty();
            Lease b = leases.acquire(id, "host-b", TTL).orElseThrow();
            assertThat(b.fencingToken()).isGreaterThan(a.fencingToken());
            clock.advance(TTL.multipliedBy(3));
            assertThat(orphanIds())
                    .as("a lease taken without a subject is not live")
                    .isEmpty();
        }

        @Test
        void aLeaseWithoutASubjectIsNeverAnOrphan() {
            assertThat(leases.acquire(id, "host-a", TTL)).isPresent();
            clock.advance(TTL.multipliedBy(2));
            assertThat(orphanIds()).isEmpty();
            assertThat(leases.acquire(id, "host-b", TTL)).isPresent();
            leases.release(id, "host-b");
            assertThat(orphanIds()).isEmpty();
        }

        List<SessionLeases.Host> live(String... ids) {
            List<String> wanted = List.of(ids);
            return leases.liveHosts(clock.instant()).stream()
                    .filter(h -> wanted.contains(h.hostId()))
                    .toList();
        }

        @Test
        void aHostsHeartbeatMakesItLiveUntilItsTtlAndNamesItsQueueAndSessions() {
            String a = "host-a-" + id;
            String b = "host-b-" + id;
            leases.heartbeat(a, "https://queue/a", 3, TTL);
            leases.heartbeat(b, null, 0, TTL.multipliedBy(2));
            assertThat(live(a, b))
                    .extracting(SessionLeases.Host::hostId, SessionLeases.Host::queueUrl, SessionLeases.Host::sessions)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(a, "https://queue/a", 3),
                            org.assertj.core.groups.Tuple.tuple(b, null, 0));
            clock.advance(TTL.minusSeconds(1));
            leases.heartbeat(a, "https://queue/a", 5, TTL); // a renewal
            clock.advance(TTL.minusSeconds(1));
            assertThat(live(a, b)).extracting(SessionLeases.Host::hostId).containsExactlyInAnyOrder(a, b);
            assertThat(live(a))
                    .singleElement()
                    .satisfies(h -> assertThat(h.sessions()).isEqualTo(5));
            clock.advance(Duration.ofSeconds(2));
            assertThat(live(a, b)).extracting(SessionLeases.Host::hostId).containsExactly(b);
            leases.endHeartbeat(b);
            assertThat(live(a, b)).isEmpty();
        }

        @Test
        void heartbeatRowsAreNoLeasesAndNoOrphans() {
            String a = "host-a-" + id;
            leases.heartbeat(a, "https://queue/a", 1, TTL);
            clock.advance(TTL.multipliedBy(3));
            assertThat(leases.current(SessionLeases.HOST_PREFIX + a)).isEmpty();
            for (int shard = 0; shard < SessionLeases.SHARDS; shard++) {
                assertThat(leases.orphans(shard, clock.instant(), 1000))
                        .extracting(Orphan::instanceId)
                        .doesNotContain(SessionLeases.HOST_PREFIX + a);
            }
        }

        @Test
        void aLapsedHeartbeatIsFoundAndRemovedOnlyWhileItStaysLapsed() {
            String a = "host-a-" + id;
            leases.heartbeat(a, "https://queue/a", 1, TTL);
            assertThat(lapsed(clock.instant().minusSeconds(60))).isEmpty();
            clock.advance(TTL.plusSeconds(30));
            assertThat(lapsed(clock.instant().minusSeconds(60)))
                    .as("expired, but not for the whole grace")
                    .isEmpty();
            clock.advance(Duration.ofSeconds(31));
            assertThat(lapsed(clock.instant().minusSeconds(60)))
                    .singleElement()
                    .satisfies(h -> assertThat(h.queueUrl()).isEqualTo("https://queue/a"));
            Instant cutoff = clock.instant().minusSeconds(60);
            leases.heartbeat(a, "https://queue/a", 0, TTL); // it came back
            assertThat(leases.removeHost(a, cutoff)).isFalse();
            assertThat(live(a)).hasSize(1);
            clock.advance(TTL.plusSeconds(61));
            assertThat(leases.removeHost(a, clock.instant().minusSeconds(60))).isTrue();
            assertThat(lapsed(clock.instant())).isEmpty();
            assertThat(leases.removeHost(a, clock.instant())).as("already gone").isFalse();
        }

        @Test
        void aHostHoldsALiveLeaseUntilItExpiresOrIsReleased() {
            String a = "host-a-" + id;
            assertThat(leases.holdsLiveLease(a, clock.instant())).isFalse();
            leases.acquire(id, a, TTL, subject);
            assertThat(leases.holdsLiveLease(a, clock.instant())).isTrue();
            assertThat(leases.holdsLiveLease("host-b-" + id, clock.instant())).isFalse();
            clock.advance(TTL.plusSeconds(1));
            assertThat(leases.holdsLiveLease(a, clock.instant())).isFalse();
            leases.acquire(id, a, TTL, subject);
            leases.release(id, a);
            assertThat(leases.holdsLiveLease(a, clock.instant())).isFalse();
        }

        List<SessionLeases.Host> lapsed(Instant before) {
            return leases.lapsedHosts(before, 10_000).stream()
                    .filter(h -> h.hostId().equals("host-a-" + id))
                    .toList();
        }
    }
}
