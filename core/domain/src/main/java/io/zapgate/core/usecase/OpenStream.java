package io.zapgate.core.usecase;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.session.StreamConnection;
import io.zapgate.core.session.StreamConnections;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Opens and closes event-stream connections. An account token sees all of its instances, or those named in
 * the filter (an empty filter never widens: it sees nothing); an instance token sees only its own instance
 * and the filter is ignored — the same rules as the list route.
 */
public final class OpenStream {
    /** API Gateway closes a WebSocket connection after two hours at most; the record expires with it. */
    public static final Duration MAX_CONNECTION_TIME = Duration.ofHours(2);

    private final StreamConnections connections;
    private final Clock clock;

    public OpenStream(StreamConnections connections, Clock clock) {
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * Stores the connection of a caller already rate limited and authenticated by {@link AuthGate}.
     *
     * @param filter null when no {@code instanceName} parameter was sent; else the listed names
     */
    public StreamConnection open(String connectionId, Principal caller, List<String> filter) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(MAX_CONNECTION_TIME);
        StreamConnection c = switch (caller) {
            case Principal.Instance i ->
                new StreamConnection(
                        connectionId, i.accountId(), Set.of(i.instanceName()), i.instanceId(), now, expires);
            case Principal.Account a ->
                new StreamConnection(connectionId, a.accountId(), names(filter), null, now, expires);
        };
        connections.save(c);
        return c;
    }

    public void close(String connectionId) {
        connections.delete(connectionId);
    }

    private static Set<String> names(List<String> filter) {
        if (filter == null) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String name : filter) {
            if (!name.isBlank()) {
                out.add(name.trim());
            }
        }
        return out;
    }
}
