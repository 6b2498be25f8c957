package io.zapgate.wa.transport;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.util.ReferenceCountUtil;
import java.lang.System.Logger.Level;

/** Server end of a connection: strips the client's intro and hands each connection to the {@link FrameServer.ConnectionHandler}. */
final class ServerFrameHandler extends FrameChannelHandler {

    private static final System.Logger LOG = System.getLogger(ServerFrameHandler.class.getName());

    private final FrameServer.ConnectionHandler connectionHandler;

    ServerFrameHandler(FrameServer.ConnectionHandler connectionHandler) {
        super(FrameDecoder.expectingIntro());
        this.connectionHandler = connectionHandler;
    }

    @Override
    int prepareOutgoing(byte[] wire) {
        return 0; // the server never sends an intro
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete handshake) {
            ServerConnection connection =
                    new ServerConnection(this, handshake.requestUri(), handshake.requestHeaders());
            FrameListener listener;
            try {
                listener = connectionHandler.onConnect(connection);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "ConnectionHandler.onConnect threw; closing " + ctx.channel(), e);
                upgraded(null);
                fail(e, 1011);
                return;
            }
            upgraded(listener);
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    void onOtherMessage(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof FullHttpRequest request) {
                // WebSocketServerProtocolHandler passes on requests for other paths.
                LOG.log(Level.DEBUG, "404 for {0} {1}", request.method(), request.uri());
                FullHttpResponse response =
                        new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND);
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }
}
