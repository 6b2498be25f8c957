package io.zapgate.wa.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Server side of the frame transport, the base of the fake WhatsApp server: a Netty WebSocket
 * server at {@value #PATH}, plain ({@code ws://}) or with a server {@link SslContext} ({@code wss://}). Each connection must open with the
 * intro bytes {@code 57 41 06 03}, which are checked and stripped; a wrong intro closes the
 * connection with status 1002 and the listener's {@code onClose} gets an {@link InvalidIntroException}.
 * Other paths get a 404. Owns its event loops; {@link #close()} shuts everything down.
 */
public final class FrameServer implements AutoCloseable {

    /** The WebSocket path served. */
    public static final String PATH = "/ws/chat";

    /** Accepts connections; invoked on the connection's event loop, must not block. */
    @FunctionalInterface
    public interface ConnectionHandler {
        /**
         * @param connection the freshly upgraded connection
         * @return the listener for its frames and close
         */
        FrameListener onConnect(ServerConnection connection);
    }

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final boolean tls;

    private FrameServer(EventLoopGroup group, Channel serverChannel, ChannelGroup connections, boolean tls) {
        this.group = group;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.tls = tls;
    }

    /**
     * Binds and starts the server; blocks until bound.
     *
     * @param host address to bind, e.g. {@code 127.0.0.1}
     * @param port port to bind, 0 for an ephemeral port (see {@link #port()})
     * @param handler called for each upgraded connection
     * @return the running server
     * @throws TransportException if binding fails
     */
    public static FrameServer start(String host, int port, ConnectionHandler handler) {
        return start(host, port, Optional.empty(), handler);
    }

    /**
     * Binds and starts the server, with TLS if a server context is given; blocks until bound.
     *
     * @param host address to bind
     * @param port port to bind, 0 for an ephemeral port
     * @param tls server TLS context for {@code wss://}, or empty for {@code ws://}
     * @param handler called for each upgraded connection
     * @return the running server
     */
    public static FrameServer start(String host, int port, Optional<SslContext> tls, ConnectionHandler handler) {
        Objects.requireNonNull(handler, "handler");
        SslContext sslContext = tls.orElse(null);
        if (sslContext != null && sslContext.isClient()) {
            throw new IllegalArgumentException("need a server SslContext");
        }
        EventLoopGroup group = TransportSupport.newGroup("wa-frame-server", 2);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(PATH)
                .checkStartsWith(false)
                .maxFramePayloadLength(ClientConnector.MAX_WEBSOCKET_FRAME)
                .handleCloseFrames(false)
                .sendCloseFrame(null)
                .allowExtensions(false)
                .withUTF8Validator(false)
                .build();
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            connections.add(ch);
                            if (sslContext != null) {
                                ch.pipeline().addLast(sslContext.newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast(
                                            new HttpServerCodec(),
                                            new HttpObjectAggregator(64 * 1024),
                                            new WebSocketServerProtocolHandler(wsConfig),
                                            new ServerFrameHandler(handler));
                        }
                    })
                    .bind(host, port)
                    .sync()
                    .channel();
            return new FrameServer(group, channel, connections, sslContext != null);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new TransportException("could not bind frame server to " + host + ":" + port, e);
        }
    }

    /** @return the bound address */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** @return the bound port (useful after binding port 0) */
    public int port() {
        return localAddress().getPort();
    }

    /** @return {@code ws://host:port/ws/chat} (or {@code wss://…}) for clients */
    public URI uri() {
        InetSocketAddress a = localAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create(
                (tls ? "wss://" : "ws://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + PATH);
    }

    /** Closes the listening socket and every connection (without close frame), then stops the event loops. */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "FrameServer[" + uri() + "]";
    }
}
