package io.zapgate.wa.transport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Client end of the WhatsApp frame transport: a binary WebSocket (Netty) to e.g.
 * {@link FrameSocketOptions#WHATSAPP_URL}, optionally through a per-connection proxy.
 *
 * <p>The first {@link #sendFrame} is preceded by the intro bytes ({@code 57 41 06 03}) in the same
 * WebSocket message; later frames are not. Inbound binary messages are reassembled into frames by a
 * {@link FrameDecoder} and handed to the {@link FrameListener}; text messages are ignored.
 *
 * <p><b>Threading:</b> all methods are thread-safe and non-blocking. Listener callbacks and the
 * completion of the futures returned here run on the connection's Netty event loop: do not block
 * in them, use the {@code *Async} variants or hand off to a virtual thread.
 */
public final class FrameSocket {

    private final URI url;
    private final Optional<ProxyConfig> proxy;
    private final ClientFrameHandler handler;

    FrameSocket(URI url, Optional<ProxyConfig> proxy, ClientFrameHandler handler) {
        this.url = url;
        this.proxy = proxy;
        this.handler = handler;
    }

    /**
     * Connects with {@link FrameSocketOptions#defaults()}.
     *
     * @see #connect(URI, Optional, FrameListener, FrameSocketOptions)
     */
    public static CompletableFuture<FrameSocket> connect(URI url, Optional<ProxyConfig> proxy, FrameListener listener) {
        return connect(url, proxy, listener, FrameSocketOptions.defaults());
    }

    /**
     * Opens a connection asynchronously. The future completes with the open socket once the
     * WebSocket upgrade succeeded, or fails with {@link TransportConnectException} (refused
     * connection, proxy or proxy-auth failure, TLS failure, non-101 response, or timeout after
     * {@link FrameSocketOptions#connectTimeout()}). The listener hears {@code onClose} only for a
     * connection that was opened.
     *
     * @param url {@code ws://} or {@code wss://} URL
     * @param proxy proxy for this connection only
     * @param listener receives frames and the close, on the event loop
     * @param options headers, timeout, TLS and event loop settings
     * @return the open socket
     */
    public static CompletableFuture<FrameSocket> connect(
            URI url, Optional<ProxyConfig> proxy, FrameListener listener, FrameSocketOptions options) {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(options, "options");
        return ClientConnector.connect(url, proxy, listener, options);
    }

    /**
     * Sends one frame ({@code len(3, BE) || payload}, the intro before the first one). The payload
     * is copied before this method returns.
     *
     * @param payload the frame payload, shorter than {@link FrameFormat#MAX_FRAME_SIZE}
     * @return completes when written to the socket; fails with {@link TransportException} if closed
     * @throws FrameTooLargeException if the payload is {@code >= 2^24} bytes
     */
    public CompletableFuture<Void> sendFrame(byte[] payload) {
        byte[] wire = FrameFormat.encode(new byte[handler.introLength()], payload);
        return handler.send(wire);
    }

    /**
     * Closes with status 1000 (normal closure).
     *
     * @return completes with the reason once the connection is closed and the listener was told
     */
    public CompletableFuture<CloseReason> close() {
        return close(1000, "");
    }

    /**
     * Sends a WebSocket close frame and closes the connection.
     *
     * @param statusCode WebSocket close status
     * @param reason close reason text (at most 123 bytes UTF-8)
     * @return completes with the reason once the connection is closed and the listener was told
     */
    public CompletableFuture<CloseReason> close(int statusCode, String reason) {
        return handler.close(statusCode, reason == null ? "" : reason);
    }

    /** @return completes with the reason once the connection is closed, whoever closed it */
    public CompletableFuture<CloseReason> closeFuture() {
        return handler.closeFuture();
    }

    /** @return whether frames can still be sent */
    public boolean isOpen() {
        return handler.isOpen();
    }

    /** @return the URL connected to */
    public URI url() {
        return url;
    }

    /** @return the proxy used, if any */
    public Optional<ProxyConfig> proxy() {
        return proxy;
    }

    /** @return the local socket address */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) handler.channel().localAddress();
    }

    @Override
    public String toString() {
        return "FrameSocket[" + url + proxy.map(p -> " via " + p).orElse("") + (isOpen() ? " open" : " closed") + "]";
    }
}
