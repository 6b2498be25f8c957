package io.zapgate.wa.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** WebSocket side shared by client and server: binary bytes to the {@link FrameDecoder}, text ignored,
 *  close handshake, {@link FrameListener} told exactly once. State is confined to the event loop. */
abstract class FrameChannelHandler extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(FrameChannelHandler.class.getName());

    /** How long a side that sent a close frame waits for the peer's before closing TCP itself. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final FrameDecoder decoder;
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private Channel channel;
    private FrameListener listener;
    private boolean upgraded;
    private boolean inBinaryMessage;
    private boolean closeFrameSent;
    private CloseReason reason;

    FrameChannelHandler(FrameDecoder decoder) {
        this.decoder = decoder;
    }

    /** Called on the event loop right before an outgoing frame is written; returns the start offset in {@code wire}. */
    abstract int prepareOutgoing(byte[] wire);

    /** Hook for the subclass when the channel went inactive, before the listener hears of it. */
    void onInactive(CloseReason why) {}

    /** Hook for inbound messages that are not WebSocket frames; must release {@code msg}. */
    abstract void onOtherMessage(ChannelHandlerContext ctx, Object msg);

    /** Marks the WebSocket upgrade as done and starts delivering frames to {@code frameListener}. */
    final void upgraded(FrameListener frameListener) {
        this.upgraded = true;
        this.listener = frameListener;
    }

    final Channel channel() {
        return channel;
    }

    final CompletableFuture<CloseReason> closeFuture() {
        return closed.copy();
    }

    final boolean isOpen() {
        return upgraded && reason == null && channel.isActive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Sends an already encoded frame (any thread); the future completes once written. */
    final CompletableFuture<Void> send(byte[] wire) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        runOnLoop(
                () -> {
                    if (!isOpen()) {
                        result.completeExceptionally(new TransportException("connection is closed"));
                        return;
                    }
                    int start = prepareOutgoing(wire);
                    ByteBuf buf = Unpooled.wrappedBuffer(wire, start, wire.length - start);
                    channel.writeAndFlush(new BinaryWebSocketFrame(buf))
                            .addListener(f -> TransportSupport.complete(result, f));
                },
                result);
        return result;
    }

    /** Starts a local close (any thread); the future completes once the connection is closed. */
    final CompletableFuture<CloseReason> close(int code, String text) {
        runOnLoop(
                () -> {
                    recordReason(CloseReason.local(code, text));
                    shutdown(new CloseWebSocketFrame(code, text));
                },
                closed);
        return closed.copy();
    }

    /**
     * Drops the TCP connection at once, without a WebSocket close frame (any thread): the peer sees the
     * connection end abnormally (1006). The future completes once the connection is closed.
     */
    final CompletableFuture<CloseReason> abort() {
        runOnLoop(
                () -> {
                    recordReason(CloseReason.local(CloseReason.ABNORMAL_CLOSURE, "aborted"));
                    channel.close();
                },
                closed);
        return closed.copy();
    }

    /** Ends the connection because of an error (event loop only). */
    final void fail(Throwable cause, int code) {
        recordReason(CloseReason.error(code, cause));
        shutdown(new CloseWebSocketFrame(code, cause.getClass().getSimpleName()));
    }

    private void recordReason(CloseReason first) {
        reason = reason == null ? first : reason;
    }

    private void shutdown(CloseWebSocketFrame closeFrame) {
        if (closeFrameSent || !upgraded || !channel.isActive()) {
            closeFrame.release();
            channel.close();
            return;
        }
        closeFrameSent = true;
        // RFC 6455 §7.1.1: the side that starts the close waits for the peer's close frame before closing TCP.
        // Closing at once while the peer is still writing (acks, IQs) leaves unread bytes in our receive buffer,
        // so the kernel answers with RST, and the peer's kernel then drops what it had not read yet — our last
        // frames and the close frame itself (the peer sees 1006 and loses, e.g., a stream error 515). Until the
        // echo arrives, incoming frames are read and dropped (reason is set); a peer that never echoes is cut off
        // after CLOSE_WAIT.
        channel.writeAndFlush(closeFrame).addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            } else {
                channel.eventLoop()
                        .schedule(
                                () -> {
                                    channel.close();
                                },
                                CLOSE_WAIT.toMillis(),
                                TimeUnit.MILLISECONDS);
            }
        });
    }

    private void runOnLoop(Runnable task, CompletableFuture<?> failOnReject) {
        try {
            channel.eventLoop().execute(task);
        } catch (RuntimeException rejected) {
            failOnReject.completeExceptionally(new TransportException("event loop is shut down", rejected));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            onOtherMessage(ctx, msg);
            return;
        }
        try {
            switch (frame) {
                case BinaryWebSocketFrame binary -> {
                    inBinaryMessage = !binary.isFinalFragment();
                    feed(binary.content());
                }
                case ContinuationWebSocketFrame continuation -> {
                    if (inBinaryMessage) {
                        inBinaryMessage = !continuation.isFinalFragment();
                        feed(continuation.content());
                    }
                }
                case TextWebSocketFrame text ->
                    LOG.log(
                            Level.DEBUG,
                            "ignoring text WebSocket message ({0} bytes) on {1}",
                            text.content().readableBytes(),
                            channel);
                case CloseWebSocketFrame close -> {
                    recordReason(
                            CloseReason.remote(close.statusCode() < 0 ? 1005 : close.statusCode(), close.reasonText()));
                    // Echo the peer's close (same status) unless we started the close handshake ourselves.
                    shutdown(new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate()));
                }
                default -> {} // ping/pong are answered by Netty's protocol handler
            }
        } finally {
            frame.release();
        }
    }

    private void feed(ByteBuf content) {
        if (reason != null || content.readableBytes() == 0) {
            return;
        }
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        try {
            decoder.feed(bytes, this::deliver);
        } catch (TransportException e) {
            fail(e, e instanceof FrameTooLargeException ? 1009 : 1002); // message too big / protocol error
        }
    }

    private void deliver(byte[] payload) {
        FrameListener l = listener;
        if (reason == null && l != null) {
            safely("onFrame", () -> l.onFrame(payload));
        }
    }

    private void safely(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "FrameListener." + callback + " threw on " + channel, e);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.DEBUG, "transport error on " + channel, cause);
        recordReason(CloseReason.error(CloseReason.ABNORMAL_CLOSURE, cause));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        recordReason(CloseReason.remote(CloseReason.ABNORMAL_CLOSURE, "connection closed without close frame"));
        onInactive(reason);
        FrameListener l = listener;
        listener = null;
        if (l != null) {
            safely("onClose", () -> l.onClose(reason));
        }
        closed.complete(reason);
        ctx.fireChannelInactive();
    }
}
