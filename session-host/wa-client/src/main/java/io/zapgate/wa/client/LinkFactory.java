package io.zapgate.wa.client;

import io.zapgate.wa.store.Device;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Opens a {@link Link} for a device: a socket plus Noise handshake in production, a fake in tests. */
@FunctionalInterface
interface LinkFactory {

    /**
     * @param onHandshakeDone called once the handshake finished, on the client's inbound queue before any node of
     *     the link is dispatched (so the link is current before its {@code <success>} is handled). A dependent of
     *     the returned future cannot promise that: registered after the handshake finished, it runs on the
     *     registering thread, possibly after the inbound queue has handled the login.
     * @return completes with the open link once the handshake finished, or fails with {@link WaConnectException}
     */
    CompletableFuture<Link> open(ClientCore core, Device device, Consumer<Link> onHandshakeDone);
}
