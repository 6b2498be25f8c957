package io.zapgate.wa.transport;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One accepted WebSocket connection of a {@link FrameServer}, after the upgrade. The client's
 * intro has already been checked and stripped; frames sent from here carry no intro.
 * Thread-safe; see {@link FrameListener} for the threading of callbacks.
 */
public final class ServerConnection {

    private final FrameChannelHandler handler;
    private final String requestUri;
    private final HttpHeaders requestHeaders;

    ServerConnection(FrameChannelHandler handler, String requestUri, HttpHeaders requestHeaders) {
        this.handler = handler;
        this.requestUri = requestUri;
        this.requestHeaders = requestHeaders.copy();
    }

    /**
     * Sends one frame ({@code len(3, BE) || payload}). The payload is copied before returning.
     *
     * @param payload the frame payload, shorter than {@link FrameFormat#MAX_FRAME_SIZE}
     * @return completes when written; fails with {@link TransportException} if closed
     * @throws FrameTooLargeException if the payload is {@code >= 2^24} bytes
     */
    public CompletableFuture<Void> sendFrame(byte[] payload) {
        return handler.send(FrameFormat.encode(payload));
    }

    /**
     * Sends several frames in a single WebSocket message (as a real server may do).
     *
     * @param payloads the frame payloads, in order
     * @return completes when written
     */
    public CompletableFuture<Void> sendFrames(List<byte[]> payloads) {
        byte[][] encoded = payloads.stream().map(FrameFormat::encode).toArray(byte[][]::new);
        int total = 0;
        for (byte[] e : encoded) {
            total += e.length;
        }
        byte[] wire = new byte[total];
        int pos = 0;
        for (byte[] e : encoded) {
            System.arraycopy(e, 0, wire, pos, e.length);
            pos += e.length;
        }
        return handler.send(wire);
    }

    /** @return closes with status 1000; completes once closed */
    public CompletableFuture<CloseReason> close() {
        return close(1000, "");
    }

    /**
     * @param statusCode WebSocket close status (e.g. 1000)
     * @param reason close reason text
     * @return completes once the connection is closed
     */
    public CompletableFuture<CloseReason> close(int statusCode, String reason) {
        return handler.close(statusCode, reason == null ? "" : reason);
    }

    /**
     * Drops the connection without a WebSocket close frame, like a network failure: the TCP connection is
     * closed at once and the client sees an abnormal closure (status 1006). Frames not yet written are lost.
     *
     * @return completes once the connection is closed (status 1006, initiator {@code LOCAL})
     */
    public CompletableFuture<CloseReason> abort() {
        return handler.abort();
    }

    /** @return completes with the reason once the connection is closed */
    public CompletableFuture<CloseReason> closeFuture() {
        return handler.closeFuture();
    }

    /** @return whether frames can still be sent */
    public boolean isOpen() {
        return handler.isOpen();
    }

    /** @return the request URI of the upgrade request, e.g. {@code /ws/chat} */
    public String requestUri() {
        return requestUri;
    }

    /**
     * @param name header name, case-insensitive
     * @return the first value of that upgrade request header
     */
    public Optional<String> header(String name) {
        return Optional.ofNullable(requestHeaders.get(name));
    }

    /**
     * @param name header name, case-insensitive
     * @return all values of that upgrade request header
     */
    public List<String> headers(String name) {
        return List.copyOf(requestHeaders.getAll(name));
    }

    /** @return the peer's address (the proxy's, when the client came through one) */
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) handler.channel().remoteAddress();
    }

    @Override
    public String toString() {
        return "ServerConnection[" + handler.channel().remoteAddress() + (isOpen() ? " open" : " closed") + "]";
    }
}
