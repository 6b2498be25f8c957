package io.zapgate.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.session.StreamConnection;
import io.zapgate.core.session.StreamConnections;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link StreamConnections} adapter must do; run against the fake and DynamoDB Local. */
public abstract class StreamConnectionsContract {
    private static final Instant NOW = MutableClock.nextMinutePlus(0);

    protected abstract StreamConnections connections();

    private static String id() {
        return "conn-" + UUID.randomUUID();
    }

    private static StreamConnection conn(
            String id, String account, Set<String> names, String instanceId, Instant expiresAt) {
        return new StreamConnection(id, account, names, instanceId, NOW, expiresAt);
    }

    @Test
    void savedConnectionsAreListedByAccountWithTheirScope() {
        String account = "acc-" + UUID.randomUUID();
        String all = id();
        String some = id();
        String none = id();
        String own = id();
        Instant later = NOW.plus(Duration.ofHours(2));
        connections().save(conn(all, account, null, null, later));
        connections().save(conn(some, account, Set.of("a", "b"), null, later));
        connections().save(conn(none, account, Set.of(), null, later));
        connections().save(conn(own, account, Set.of("a"), "inst-1", later));
        connections().save(conn(id(), "acc-other-" + UUID.randomUUID(), null, null, later));

        assertThat(connections().listForAccount(account, NOW))
                .containsExactlyInAnyOrder(
                        conn(all, account, null, null, later), conn(some, account, Set.of("a", "b"), null, later),
                        conn(none, account, Set.of(), null, later), conn(own, account, Set.of("a"), "inst-1", later));
    }

    @Test
    void expiredConnectionsAreNotListed() {
        String account = "acc-" + UUID.randomUUID();
        String live = id();
        connections().save(conn(live, account, null, null, NOW.plusSeconds(60)));
        connections().save(conn(id(), account, null, null, NOW.minusSeconds(1)));
        assertThat(connections().listForAccount(account, NOW))
                .extracting(StreamConnection::connectionId)
                .containsExactly(live);
        assertThat(connections().listForAccount(account, NOW.plusSeconds(61))).isEmpty();
    }

    @Test
    void deleteForgetsAndIsIdempotent() {
        String account = "acc-" + UUID.randomUUID();
        String c = id();
        connections().save(conn(c, account, null, null, NOW.plusSeconds(60)));
        connections().delete(c);
        connections().delete(c);
        connections().delete(id());
        assertThat(connections().listForAccount(account, NOW)).isEmpty();
    }

    @Test
    void saveReplacesTheSameConnection() {
        String account = "acc-" + UUID.randomUUID();
        String c = id();
        connections().save(conn(c, account, null, null, NOW.plusSeconds(60)));
        connections().save(conn(c, account, Set.of("x"), null, NOW.plusSeconds(120)));
        assertThat(connections().listForAccount(account, NOW))
                .containsExactly(conn(c, account, Set.of("x"), null, NOW.plusSeconds(120)));
    }
}
