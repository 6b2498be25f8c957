package io.zapgate.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.ConnectionPusher;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * API Gateway's WebSocket API, locally, on a real socket: an upgrade runs the template's {@code $connect}
 * function (a non-2xx answer refuses the upgrade with that status), text frames run {@code $default} (its
 * body, if any, is sent back, as a two-way route does), a close runs {@code $disconnect}. The same port serves
 * the Management API's {@code POST|GET|DELETE /@connections/{id}} that the stream function calls.
 */
final class LocalWebSocketServer implements AutoCloseable {
    private static final Log LOG = Log.get(LocalWebSocketServer.class);
    private static final AttributeKey<String> CONNECTION_ID = AttributeKey.valueOf("zapgate.connectionId");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FRAME = 128 * 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ExecutorService invoker = Executors.newVirtualThreadPerTaskExecutor();
    private final LocalConnections connections = new LocalConnections();
    private final Map<String, RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>> routes =
            new ConcurrentHashMap<>();
    private final Map<String, Instant> connectedAt = new ConcurrentHashMap<>();
    private final Channel server;
    private final String host;

    private LocalWebSocketServer(String bindAddress, int port) throws InterruptedException {
        this.host = bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress;
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(MAX_FRAME),
                                        new Gate(),
                                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                                .websocketPath("/")
                                                .checkStartsWith(true)
                                                .maxFramePayloadLength(MAX_FRAME)
                                                .build()),
                                        new Frames());
                    }
                });
        this.server = b.bind(bindAddress, port).sync().channel();
    }

    /** Binds now (so the port is known for the functions' environment); routes are attached afterwards. */
    static LocalWebSocketServer start(String bindAddress, int port) throws java.io.IOException {
        try {
            return new LocalWebSocketServer(bindAddress, port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while binding the WebSocket port");
        }
    }

    /** Attaches the function instance that serves a route key ({@code $connect}, {@code $default}, …). */
    @SuppressWarnings("unchecked")
    void route(String routeKey, String functionId, Object handler) {
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalStateException(
                    functionId + " serves WebSocket route " + routeKey + " but is no RequestHandler");
        }
        routes.put(routeKey, (RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse>) handler);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** What the functions get as {@code ZAPGATE_WS_ENDPOINT}: the Management API of this server. */
    String managementEndpoint() {
        return "http://" + host + ":" + port();
    }

    String url() {
        return "ws://" + host + ":" + port();
    }

    ConnectionPusher pusher() {
        return connections;
    }

    /** Before the handshake: {@code $connect} decides; plain HTTP requests are the Management API. */
    private final class Gate extends SimpleChannelInboundHandler<FullHttpRequest> {
        Gate() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            if (!"websocket".equalsIgnoreCase(req.headers().get(HttpHeaderNames.UPGRADE))) {
                try {
                    management(ctx, req);
                } finally {
                    req.release();
                }
                return;
            }
            String connectionId = newConnectionId();
            APIGatewayV2WebSocketEvent event = event("$connect", "CONNECT", connectionId, req, null);
            if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress remote) {
                // as API Gateway does: the caller's address, which the connect function rate limits on
                APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
                identity.setSourceIp(remote.getAddress().getHostAddress());
                event.getRequestContext().setIdentity(identity);
            }
            invoker.execute(() -> {
                APIGatewayV2WebSocketResponse r = invoke("$connect", event);
                ctx.executor().execute(() -> {
                    int status = r == null ? 200 : r.getStatusCode();
                    if (status / 100 == 2) {
                        ctx.channel().attr(CONNECTION_ID).set(connectionId);
                        ctx.fireChannelRead(req);
                    } else {
                        req.release();
                        respond(ctx, status, r.getBody(), true);
                    }
                });
            });
        }

        private void management(ChannelHandlerContext ctx, FullHttpRequest req) {
            String path = new QueryStringDecoder(req.uri()).path();
            int at = path.indexOf("/@connections/");
            if (at < 0) {
                respond(ctx, 404, "{\"message\":\"Not Found\"}", false);
                return;
            }
            String id = path.substring(at + "/@connections/".length());
            boolean open = connections.isOpen(id);
            HttpMethod m = req.method();
            if (m.equals(HttpMethod.POST)) {
                String text = req.content().toString(StandardCharsets.UTF_8);
                invoker.execute(() -> {
                    boolean ok = open && connections.push(id, text) == ConnectionPusher.Result.OK;
                    ctx.executor().execute(() -> respond(ctx, ok ? 200 : 410, ok ? null : gone(), false));
                });
            } else if (m.equals(HttpMethod.DELETE)) {
                respond(ctx, connections.close(id) ? 204 : 410, open ? null : gone(), false);
            } else if (m.equals(HttpMethod.GET)) {
                Instant since = connectedAt.get(id);
                respond(ctx, open ? 200 : 410, open ? "{\"connectedAt\":\"" + since + "\"}" : gone(), false);
            } else {
                respond(ctx, 405, null, false);
            }
        }

        private static String gone() {
            return "{\"message\":\"GoneException\"}";
        }
    }

    /** After the handshake: register, route text frames to {@code $default}, run {@code $disconnect} on close. */
    private final class Frames extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                String id = ctx.channel().attr(CONNECTION_ID).get();
                connections.add(id, ctx.channel());
                connectedAt.put(id, Instant.now());
                LOG.debug("local websocket open", "connection", id);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            String id = ctx.channel().attr(CONNECTION_ID).get();
            APIGatewayV2WebSocketEvent event = event("$default", "MESSAGE", id, null, frame.text());
            Channel ch = ctx.channel();
            invoker.execute(() -> {
                APIGatewayV2WebSocketResponse r = invoke("$default", event);
                if (r != null && r.getBody() != null && ch.isActive()) {
                    ch.writeAndFlush(new TextWebSocketFrame(r.getBody()));
                }
            });
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            String id = ctx.channel().attr(CONNECTION_ID).get();
            if (id != null && connectedAt.remove(id) != null) {
                connections.remove(id);
                APIGatewayV2WebSocketEvent event = event("$disconnect", "DISCONNECT", id, null, null);
                invoker.execute(() -> invoke("$disconnect", event));
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("local websocket error", "error", String.valueOf(cause));
            ctx.close();
        }
    }

    private APIGatewayV2WebSocketResponse invoke(String routeKey, APIGatewayV2WebSocketEvent event) {
        var route = routes.get(routeKey);
        if (route == null) {
            return null;
        }
        try {
            return route.handleRequest(event, null);
        } catch (RuntimeException e) {
            // a function that throws is a 500 to API Gateway: the upgrade is refused, a frame is dropped
            LOG.error("WebSocket route function failed", e, "route", routeKey);
            APIGatewayV2WebSocketResponse r = new APIGatewayV2WebSocketResponse();
            r.setStatusCode(500);
            return r;
        }
    }

    private APIGatewayV2WebSocketEvent event(
            String routeKey, String type, String connectionId, FullHttpRequest req, String body) {
        APIGatewayV2WebSocketEvent e = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext ctx = new APIGatewayV2WebSocketEvent.RequestContext();
        ctx.setRouteKey(routeKey);
        ctx.setEventType(type);
        ctx.setConnectionId(connectionId);
        ctx.setStage("local");
        ctx.setApiId("local");
        ctx.setDomainName(host);
        ctx.setRequestId(java.util.UUID.randomUUID().toString());
        ctx.setRequestTimeEpoch(System.currentTimeMillis());
        ctx.setMessageDirection("IN");
        e.setRequestContext(ctx);
        if (req != null) {
            Map<String, String> headers = new HashMap<>();
            Map<String, List<String>> multiHeaders = new HashMap<>();
            for (String name : req.headers().names()) {
                headers.put(name, req.headers().get(name));
                multiHeaders.put(name, req.headers().getAll(name));
            }
            e.setHeaders(headers);
            e.setMultiValueHeaders(multiHeaders);
            Map<String, List<String>> params = new QueryStringDecoder(req.uri()).parameters();
            if (!params.isEmpty()) {
                Map<String, String> single = new HashMap<>();
                params.forEach((k, v) -> single.put(k, String.join(",", v)));
                e.setQueryStringParameters(single);
                e.setMultiValueQueryStringParameters(params);
            }
        }
        e.setBody(body);
        e.setIsBase64Encoded(false);
        return e;
    }

    private static void respond(ChannelHandlerContext ctx, int status, String body, boolean close) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (body != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        var write = ctx.writeAndFlush(res);
        if (close) {
            write.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Like API Gateway's: 16 characters, base64 with padding (so clients must URL-encode it). */
    private static String newConnectionId() {
        byte[] b = new byte[11];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().encodeToString(b);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        invoker.shutdownNow();
    }
}
