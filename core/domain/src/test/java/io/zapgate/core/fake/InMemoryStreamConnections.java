package io.zapgate.core.fake;

import io.zapgate.core.session.StreamConnection;
import io.zapgate.core.session.StreamConnections;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** In-memory stream connections, for unit tests of the stream handlers. */
public final class InMemoryStreamConnections implements StreamConnections {
    private final Map<String, StreamConnection> byId = new LinkedHashMap<>();

    @Override
    public synchronized void save(StreamConnection connection) {
        byId.put(connection.connectionId(), connection);
    }

    @Override
    public synchronized void delete(String connectionId) {
        byId.remove(connectionId);
    }

    @Override
    public synchronized List<StreamConnection> listForAccount(String accountId, Instant now) {
        return byId.values().stream()
                .filter(c -> c.accountId().equals(accountId) && c.liveAt(now))
                .sorted(Comparator.comparing(StreamConnection::connectionId))
                .toList();
    }

    public synchronized Optional<StreamConnection> find(String connectionId) {
        return Optional.ofNullable(byId.get(connectionId));
    }
}
