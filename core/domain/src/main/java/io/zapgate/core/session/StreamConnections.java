package io.zapgate.core.session;

import java.time.Instant;
import java.util.List;

/** Port: the open event-stream connections, found by account when an event is delivered. */
public interface StreamConnections {
    /** Stores (or replaces) a connection. */
    void save(StreamConnection connection);

    /** Forgets a connection; nothing happens when it is already gone. */
    void delete(String connectionId);

    /** The account's connections that have not expired at {@code now}. */
    List<StreamConnection> listForAccount(String accountId, Instant now);
}
