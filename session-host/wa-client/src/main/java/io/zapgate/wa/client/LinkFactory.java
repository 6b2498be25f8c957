package io.zapgate.wa.client;

import io.zapgate.wa.store.Device;
import java.util.concurrent.CompletableFuture;

/** Opens a {@link Link} for a device: a socket plus Noise handshake in production, a fake in tests. */
@FunctionalInterface
interface LinkFactory {

    /**
     * @return completes with the open link once the handshake finished, or fails with {@link WaConnectException}
     */
    CompletableFuture<Link> open(ClientCore core, Device device);
}
