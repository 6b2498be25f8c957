package io.zapgate.core.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: which session host holds an instance's session, since when, with which fencing token. A host
 * acquires before opening a socket and renews while it holds it; another host may take over an expired
 * lease (the next step: failover across hosts).
 */
public interface SessionLeases {
    /** An acquired lease; {@code fencingToken} grows with every change of owner. */
    record Lease(String instanceId, String owner, long fencingToken, java.time.Instant expiresAt) {}

    /** Takes or renews the lease if free, expired or already ours; empty if another live host holds it. */
    Optional<Lease> acquire(String instanceId, String owner, Duration ttl);

    /** Gives the lease up if we still hold it. */
    void release(String instanceId, String owner);

    Optional<Lease> current(String instanceId);
}
