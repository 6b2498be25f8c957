package io.zapgate.wa.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Builds the client pipeline: [proxy TLS] [proxy] [target TLS] HTTP codec, WebSocket upgrade, frames. */
final class ClientConnector {

    /** Largest WebSocket frame read: the largest legal frame plus intro and length prefix. */
    static final int MAX_WEBSOCKET_FRAME = FrameFormat.MAX_FRAME_SIZE + 16;

    private ClientConnector() {}

    static CompletableFuture<FrameSocket> connect(
            URI url, Optional<ProxyConfig> proxy, FrameListener listener, FrameSocketOptions options) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || url.getHost() == null) {
            throw new IllegalArgumentException("need a ws:// or wss:// URL with a host: " + url);
        }
        boolean tls = scheme.equals("wss");
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String description =
                "WebSocket connect to " + url + proxy.map(p -> " via " + p).orElse("");
        CompletableFuture<FrameSocket> result = new CompletableFuture<>();
        ClientFrameHandler handler = new ClientFrameHandler(description, listener, options.intro(), result);
        handler.bind(new FrameSocket(url, proxy, handler));
        TransportSupport.blockingExecutor().execute(() -> {
            try {
                start(url, tls, port, proxy, options, handler);
            } catch (Exception e) {
                result.completeExceptionally(ClientFrameHandler.connectFailure(description, e));
            }
        });
        return result;
    }

    /** Runs on a virtual thread: DNS may block here. */
    private static void start(
            URI url,
            boolean tls,
            int port,
            Optional<ProxyConfig> proxy,
            FrameSocketOptions options,
            ClientFrameHandler handler)
            throws Exception {
        long timeoutMs = options.connectTimeout().toMillis();
        String host = url.getHost();
        SslContext targetTls = tls ? options.tlsContext().orElse(TransportSupport.defaultClientTls()) : null;
        SslContext proxyTls = null;
        ProxyHandler proxyHandler = null;
        InetSocketAddress target;
        if (proxy.isPresent()) {
            ProxyConfig p = proxy.get();
            // resolved once, by the configured resolver (which may refuse private addresses); the proxy handler
            // connects to this very address, and the bootstrap's no-op resolver never looks the name up again
            InetSocketAddress proxyAddress =
                    new InetSocketAddress(p.resolver().resolve(p.host()).getFirst(), p.port());
            proxyHandler = proxyHandler(p, proxyAddress);
            proxyHandler.setConnectTimeoutMillis(timeoutMs);
            if (p.type() == ProxyConfig.Type.HTTPS) {
                proxyTls = p.tlsContext().orElse(TransportSupport.defaultClientTls());
            }
            target = InetSocketAddress.createUnresolved(host, port); // the proxy resolves the target
        } else {
            target = resolved(host, port);
        }
        WebSocketClientProtocolConfig wsConfig = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .customHeaders(headers(options))
                .generateOriginHeader(false)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_WEBSOCKET_FRAME)
                .handleCloseFrames(false)
                .sendCloseFrame(null)
                .withUTF8Validator(false)
                .handshakeTimeoutMillis(timeoutMs)
                .build();
        SslContext finalProxyTls = proxyTls;
        ProxyHandler finalProxyHandler = proxyHandler;
        ProxyConfig p = proxy.orElse(null);
        Bootstrap bootstrap = new Bootstrap()
                .group(options.eventLoopGroup().orElseGet(TransportSupport::sharedClientGroup))
                .channel(NioSocketChannel.class)
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        if (finalProxyTls != null) {
                            pipeline.addLast("proxy-tls", finalProxyTls.newHandler(ch.alloc(), p.host(), p.port()));
                        }
                        if (finalProxyHandler != null) {
                            pipeline.addLast("proxy", finalProxyHandler);
                        }
                        if (targetTls != null) {
                            pipeline.addLast("tls", targetTls.newHandler(ch.alloc(), host, port));
                        }
                        pipeline.addLast("http", new HttpClientCodec());
                        pipeline.addLast("http-aggregator", new HttpObjectAggregator(64 * 1024));
                        pipeline.addLast("websocket", new WebSocketClientProtocolHandler(wsConfig));
                        pipeline.addLast("frames", handler);
                    }
                });
        ChannelFuture connect = bootstrap.connect(target);
        Channel channel = connect.channel();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                handler.failConnect(f.cause());
            }
        });
        var deadline =
                channel.eventLoop().schedule(() -> handler.timedOut(timeoutMs), timeoutMs, TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> deadline.cancel(false));
    }

    private static HttpHeaders headers(FrameSocketOptions options) {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.set(HttpHeaderNames.ORIGIN, options.origin());
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        headers.set(HttpHeaderNames.PRAGMA, "no-cache");
        options.userAgent().ifPresent(ua -> headers.set(HttpHeaderNames.USER_AGENT, ua));
        options.extraHeaders().forEach(headers::set);
        return headers;
    }

    private static ProxyHandler proxyHandler(ProxyConfig p, InetSocketAddress address) {
        String user = p.username().orElse(null);
        String pass = p.password().orElse(null);
        return switch (p.type()) {
            case HTTP, HTTPS ->
                user == null ? new HttpProxyHandler(address) : new HttpProxyHandler(address, user, pass);
            case SOCKS5 -> user == null ? new Socks5ProxyHandler(address) : new Socks5ProxyHandler(address, user, pass);
        };
    }

    private static InetSocketAddress resolved(String host, int port) throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException(host);
        }
        return address;
    }
}
