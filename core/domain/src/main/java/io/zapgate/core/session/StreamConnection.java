package io.zapgate.core.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One open WebSocket event-stream connection: whose it is and which of the account's instances it sees.
 * Saved when the client connects, deleted when it disconnects or the gateway reports it gone, and expired
 * by itself after the gateway's longest connection time.
 *
 * @param instanceNames null: every instance of the account; otherwise only these (an empty set sees nothing)
 * @param instanceId    set for a connection opened with an instance token: only that incarnation is seen
 */
public record StreamConnection(
        String connectionId,
        String accountId,
        Set<String> instanceNames,
        String instanceId,
        Instant connectedAt,
        Instant expiresAt) {
    public StreamConnection {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        instanceNames = instanceNames == null ? null : Set.copyOf(instanceNames);
    }

    /** Whether an event of this instance goes to this connection (the instance's own settings aside). */
    public boolean sees(String instanceName, String eventInstanceId) {
        if (instanceId != null && !instanceId.equals(eventInstanceId)) {
            return false;
        }
        return instanceNames == null || instanceNames.contains(instanceName);
    }

    public boolean liveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
