package io.zapgate.core.fake;

import io.zapgate.core.contract.StreamConnectionsContract;
import io.zapgate.core.session.StreamConnections;

class InMemoryStreamConnectionsTest extends StreamConnectionsContract {
    private final InMemoryStreamConnections connections = new InMemoryStreamConnections();

    @Override
    protected StreamConnections connections() {
        return connections;
    }
}
