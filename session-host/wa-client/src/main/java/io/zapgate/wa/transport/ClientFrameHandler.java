package io.zapgate.wa.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/** Client end of a connection: completes the connect future on upgrade and prepends the intro once. */
final class ClientFrameHandler extends FrameChannelHandler {

    private final String description;
    private final FrameListener listener;
    private final byte[] intro;
    private final CompletableFuture<FrameSocket> connected;
    private FrameSocket socket;
    private boolean introPending = true;
    private Throwable connectFailure;

    ClientFrameHandler(
            String description, FrameListener listener, byte[] intro, CompletableFuture<FrameSocket> connected) {
        super(new FrameDecoder());
        this.description = description;
        this.listener = listener;
        this.intro = intro;
        this.connected = connected;
    }

    void bind(FrameSocket frameSocket) {
        this.socket = frameSocket;
    }

    int introLength() {
        return intro.length;
    }

    @Override
    int prepareOutgoing(byte[] wire) {
        if (introPending) {
            introPending = false;
            System.arraycopy(intro, 0, wire, 0, intro.length);
            return 0;
        }
        return intro.length;
    }

    @Override
    void onOtherMessage(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg); // nothing but WebSocket frames is expected after the upgrade
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            upgraded(listener);
            connected.complete(socket);
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            recordFailure(new TimeoutException("WebSocket upgrade timed out"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (connected.isDone()) {
            super.exceptionCaught(ctx, cause);
        } else {
            recordFailure(cause);
            ctx.close();
        }
    }

    @Override
    void onInactive(CloseReason why) {
        failConnect(
                connectFailure != null
                        ? connectFailure
                        : new TransportException("connection closed before the WebSocket upgrade completed"));
    }

    /** TCP connect failed or the overall deadline passed (event loop or listener thread). */
    void failConnect(Throwable cause) {
        if (!connected.isDone()) {
            connected.completeExceptionally(connectFailure(description, cause));
            if (channel() != null) { // null only if channel registration itself failed
                channel().close();
            }
        }
    }

    static TransportConnectException connectFailure(String description, Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        // Netty reports SOCKS5 auth results as "authMethod: …"/"authStatus: …" and HTTP ones as "status: 407 …".
        if (cause instanceof ProxyConnectException
                && (message.contains("authStatus: ")
                        || message.contains("authMethod: ")
                        || message.contains("status: 407"))) {
            return new ProxyAuthenticationException(
                    description + " failed: proxy authentication rejected (" + message + ")", cause);
        }
        return new TransportConnectException(description + " failed: " + cause, cause);
    }

    void timedOut(long millis) {
        if (!connected.isDone()) {
            recordFailure(new TimeoutException("connect did not complete within " + millis + " ms"));
            channel().close();
        }
    }

    private void recordFailure(Throwable cause) {
        if (connectFailure == null) {
            connectFailure = cause;
        }
    }
}
