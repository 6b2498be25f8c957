package io.zapgate.sessionhost.fake;

import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Leases in a map with the DynamoDB adapter's rules: free, expired or ours can be taken; fencing grows per owner
 * change; a live lease puts the instance on its shard until it is forgotten, and the sweep finds lapsed ones.
 */
public final class InMemorySessionLeases implements SessionLeases {
    private final Clock clock;
    private final Map<String, Row> rows = new HashMap<>();
    private final Map<String, Host> hosts = new HashMap<>();

    /** One lease row; owner null once released. */
    private record Row(String owner, long fencing, Instant expiresAt, Integer shard, Subject subject) {}

    public InMemorySessionLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<Lease> acquire(String instanceId, String owner, Duration ttl) {
        return acquire(instanceId, owner, ttl, null);
    }

    @Override
    public synchronized Optional<Lease> acquire(String instanceId, String owner, Duration ttl, Subject subject) {
        Row now = rows.get(instanceId);
        boolean ours = now != null && owner.equals(now.owner());
        boolean live = now != null && now.owner() != null && !now.expiresAt().isBefore(clock.instant());
        if (live && !ours) {
            return Optional.empty();
        }
        // a renewal keeps our token; a session opening keeps it only while our lease is live
        boolean keep = ours && (subject == null || live);
        long token = keep ? now.fencing() : (now == null ? 0 : now.fencing()) + 1;
        Integer shard =
                subject != null ? Integer.valueOf(SessionLeases.shardOf(instanceId)) : now == null ? null : now.shard();
        Subject kept = subject != null ? subject : now == null ? null : now.subject();
        Row row = new Row(owner, token, clock.instant().plus(ttl), shard, kept);
        rows.put(instanceId, row);
        return Optional.of(new Lease(instanceId, owner, token, row.expiresAt()));
    }

    @Override
    public synchronized void release(String instanceId, String owner) {
        Row now = rows.get(instanceId);
        if (now != null && owner.equals(now.owner())) {
            rows.put(instanceId, new Row(null, now.fencing(), Instant.EPOCH, now.shard(), now.subject()));
        }
    }

    @Override
    public synchronized void forget(String instanceId, String owner) {
        Row now = rows.get(instanceId);
        if (now != null && owner.equals(now.owner())) {
            rows.put(instanceId, new Row(null, now.fencing(), Instant.EPOCH, null, now.subject()));
        }
    }

    @Override
    public synchronized Optional<Lease> current(String instanceId) {
        Row now = rows.get(instanceId);
        return now == null || now.owner() == null
                ? Optional.empty()
                : Optional.of(new Lease(instanceId, now.owner(), now.fencing(), now.expiresAt()));
    }

    @Override
    public synchronized List<Orphan> orphans(int shard, Instant now, int limit) {
        return rows.entrySet().stream()
                .filter(e -> e.getValue().shard() != null && e.getValue().shard() == shard)
                .filter(e -> e.getValue().expiresAt().isBefore(now))
                .map(e -> new Orphan(
                        e.getKey(), e.getValue().subject(), e.getValue().expiresAt()))
                .sorted(Comparator.comparing(Orphan::expiredAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized void heartbeat(String hostId, String queueUrl, int sessions, Duration ttl) {
        hosts.put(hostId, new Host(hostId, queueUrl, sessions, clock.instant().plus(ttl)));
    }

    @Override
    public synchronized void endHeartbeat(String hostId) {
        hosts.remove(hostId);
    }

    @Override
    public synchronized List<Host> liveHosts(Instant now) {
        return hosts.values().stream()
                .filter(h -> !h.expiresAt().isBefore(now))
                .sorted(Comparator.comparing(Host::hostId))
                .toList();
    }

    @Override
    public synchronized List<Host> lapsedHosts(Instant before, int limit) {
        return hosts.values().stream()
                .filter(h -> h.expiresAt().isBefore(before))
                .sorted(Comparator.comparing(Host::expiresAt))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean holdsLiveLease(String hostId, Instant now) {
        return rows.values().stream()
                .anyMatch(r -> hostId.equals(r.owner()) && !r.expiresAt().isBefore(now));
    }

    @Override
    public synchronized boolean removeHost(String hostId, Instant before) {
        Host h = hosts.get(hostId);
        if (h != null && h.expiresAt().isBefore(before)) {
            hosts.remove(hostId);
            return true;
        }
        return false;
    }
}
