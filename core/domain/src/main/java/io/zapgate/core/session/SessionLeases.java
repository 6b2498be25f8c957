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

    /** The key prefix of a session host's heartbeat row in the leases table: {@code host#<hostId>}. */
    String HOST_PREFIX = "host#";

    /** The shard of the heartbeat rows on the sweep's index (the instances' shards are 0..{@link #SHARDS}-1). */
    int HOST_SHARD = -1;

    /**
     * A session host's heartbeat: alive until {@code expiresAt}; {@code queueUrl} is its own command queue (null
     * when it has none), {@code sessions} how many sessions it held at its last heartbeat.
     */
    record Host(String hostId, String queueUrl, int sessions, Instant expiresAt) {}

    /**
     * Writes or renews the heartbeat row {@code host#<hostId>} (shard {@value #HOST_SHARD}): alive until now +
     * {@code ttl}, with its queue and session count. Unconditional (only the host itself writes its row).
     */
    default void heartbeat(String hostId, String queueUrl, int sessions, Duration ttl) {}

    /** Removes this host's heartbeat row (graceful stop). */
    default void endHeartbeat(String hostId) {}

    /** The hosts whose heartbeat is unexpired at {@code now} (one Query on shard {@value #HOST_SHARD}). */
    default List<Host> liveHosts(Instant now) {
        return List.of();
    }

    /** Hosts whose heartbeat expired before {@code before}, at most {@code limit}, the longest-expired first. */
    default List<Host> lapsedHosts(Instant before, int limit) {
        return List.of();
    }

    /**
     * Whether any lease names {@code hostId} as its owner, unexpired at {@code now} (the janitor's check before it
     * deletes a lapsed host's queue). One filtered Query per shard: run it only for a host whose heartbeat lapsed.
     */
    default boolean holdsLiveLease(String hostId, Instant now) {
        return false;
    }

    /**
     * Deletes {@code hostId}'s heartbeat row if it expired before {@code before} (a host that came back meanwhile
     * keeps its row); true if deleted.
     */
    default boolean removeHost(String hostId, Instant before) {
        return false;
    }

    /** Takes or renews the lease if free, expired or already ours; empty if another live host holds it. */
    Optional<Lease> acquire(String instanceId, String owner, Duration ttl);

    /**
     * As {@link #acquire(String, String, Duration)}, for a session opening, and marks the instance as one that should
     * be live: its row is on a shard and names {@code subject}, so that after the lease lapses another host
     * {@linkplain #orphans finds} and adopts it. A free or expired lease (even an expired one of ours) is taken with a
     * new fencing token; only a live lease of ours keeps its token. Tries the take first: on DynamoDB, opening a free
     * or expired lease is one write.
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
