package io.zapgate.sessionhost.fake;

import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Leases in a map with the DynamoDB adapter's rules: free, expired or ours can be taken; fencing grows per owner change. */
public final class InMemorySessionLeases implements SessionLeases {
    private final Clock clock;
    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, Long> fencing = new HashMap<>();

    public InMemorySessionLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
        Lease now = leases.get(instanceId);
        boolean ours = now != null && now.owner().equals(owner);
        if (now != null && !ours && now.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        long token = ours ? now.fencingToken() : fencing.merge(instanceId, 1L, Long::sum);
        Lease lease = new Lease(instanceId, owner, token, clock.instant().plus(ttl));
        leases.put(instanceId, lease);
        return Optional.of(lease);
    }

    @Override
    public synchronized void release(String instanceId, String owner) {
        Lease now = leases.get(instanceId);
        if (now != null && now.owner().equals(owner)) {
            leases.remove(instanceId);
        }
    }

    @Override
    public synchronized Optional<Lease> current(String instanceId) {
        return Optional.ofNullable(leases.get(instanceId));
    }
}
