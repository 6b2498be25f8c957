package io.zapgate.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: which session host holds an instance's session, since when, with which fencing token. A host
 * acquires before opening a socket and renews while it holds it; another host may take over an expired
 * lease (failover across hosts).
 *
 * <p>A lease taken for a session that should stay live ({@link #acquire(String, String, Duration, Subject)})
 * puts the instance on one of {@link #SHARDS} shards: the sweep of every live host {@linkplain #orphans finds}
 * such instances once their lease is released or expired and adopts them, without reading any other table.
 * {@link #forget} takes the instance off its shard (logout, deletion, a session that ended for good).
 */
public interface SessionLeases {
    /** Number of shards the sweep queries, one query each: instances are spread by a hash of their id. */
    int SHARDS = 16;

    /**
     * An acquired lease; {@code fencingToken} grows with every change of owner; {@code queueUrl} is the owner's
     * own command queue (commands for the instance are forwarded there), or null when the owner has none.
     */
    record Lease(String instanceId, String owner, long fencingToken, java.time.Instant expiresAt, String queueUrl) {
        /** A lease whose owner has no command queue of its own. */
        public Lease(String instanceId, String owner, long fencingToken, java.time.Instant expiresAt) {
            this(instanceId, owner, fencingToken, expiresAt, null);
        }
    }

    /** What a live instance's lease row says about the instance, so any host can resume it from the row alone. */
    record Subject(String accountId, String instanceName) {}

    /** An instance that should be live but whose lease is released or expired. */
    record Orphan(String instanceId, Subject subject, Instant expiredAt) {}

    /** Takes or renews the lease if free, expired or already ours; empty if another live host holds it. */
    Optional<Lease> acquire(String instanceId, String owner, Duration ttl);

    /**
     * As {@link #acquire(String, String, Duration)}, and marks the instance as one that should be live: its row
     * is on a shard and names {@code subject}, so that after the lease lapses another host {@linkplain #orphans
     * finds} and adopts it.
     */
    Optional<Lease> acquire(String instanceId, String owner, Duration ttl, Subject subject);

    /**
     * Gives the lease up if we still hold it. The instance stays on its shard with an expiry in the past: the
     * next sweep of any host adopts it (graceful shutdown, hand-off). The fencing counter is kept.
     */
    void release(String instanceId, String owner);

    /**
     * Gives the lease up if we still hold it and takes the instance off its shard: nobody adopts it until it is
     * acquired live again (logout, deletion, a session that ended for good). The fencing counter is kept.
     */
    void forget(String instanceId, String owner);

    Optional<Lease> current(String instanceId);

    /**
     * Instances on {@code shard} that should be live and whose lease expired before {@code now} (or was
     * released), at most {@code limit}, the longest-expired first.
     */
    List<Orphan> orphans(int shard, Instant now, int limit);

    /** The shard of an instance: a stable hash of its id, 0..{@link #SHARDS}-1. */
    static int shardOf(String instanceId) {
        return Math.floorMod(instanceId.hashCode(), SHARDS);
    }
}
