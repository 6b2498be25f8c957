package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import java.util.concurrent.CompletableFuture;

/**
 * One open, Noise-encrypted connection as the protocol handlers see it: send a node, close. The production
 * implementation is {@link SocketLink}; node-level tests use an in-memory fake.
 */
interface Link {

    /** Encrypts and sends one node; the future fails if the connection is closed. */
    CompletableFuture<Void> send(Node node);

    /**
     * Closes the connection.
     *
     * @param expected true if nobody should react to the close (user disconnect, permanent failure, 515
     *     restart, QR timeout); false to treat it as a drop (Disconnected event and auto-reconnect)
     */
    void close(boolean expected);

    /** @return whether nodes can still be sent */
    boolean isOpen();
}
