package io.zapgate.wa.transport;

import static io.zapgate.wa.transport.FrameSocketTest.utf8;
import static io.zapgate.wa.transport.RecordingListener.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a raw Netty WebSocket server that sees and sends exact WebSocket messages. */
class WireFormatTest {

    private static final HexFormat HEX = HexFormat.of();

    private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Channel> serverChannel = new CompletableFuture<>();
    private EventLoopGroup group;
    private Channel listening;

    @BeforeEach
    void start() throws Exception {
        group = TransportSupport.newGroup("raw-ws-test", 1);
        listening = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(65536),
                                        new WebSocketServerProtocolHandler("/ws/chat"),
                                        new SimpleChannelInboundHandler<WebSocketFrame>() {
                                            @Override
                                            protected void channelRead0(
                                                    ChannelHandlerContext ctx, WebSocketFrame frame) {
                                                if (frame instanceof BinaryWebSocketFrame) {
                                                    messages.add(ByteBufUtil.getBytes(frame.content()));
                                                }
                                            }

                                            @Override
                                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                                    serverChannel.complete(ctx.channel());
                                                }
                                            }
                                        });
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    @AfterEach
    void stop() {
        listening.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void introPrecedesTheFirstFrameInTheSameMessageExactlyOnce() throws Exception {
        FrameSocket socket = connect(new RecordingListener());
        socket.sendFrame(utf8("a"));
        socket.sendFrame(utf8("bc"));
        socket.sendFrame(new byte[0]);
        assertThat(HEX.formatHex(next())).isEqualTo("57410603" + "000001" + "61");
        assertThat(HEX.formatHex(next())).isEqualTo("000002" + "6263");
        assertThat(HEX.formatHex(next())).isEqualTo("000000");
    }

    @Test
    void clientReassemblesAcrossMessagesAndIgnoresText() throws Exception {
        RecordingListener listener = new RecordingListener();
        connect(listener);
        Channel ch = serverChannel.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        byte[] big = FrameSocketTest.random(5000, 3);
        byte[] stream = concat(
                FrameFormat.encode(utf8("one")),
                FrameFormat.encode(utf8("two")),
                FrameFormat.encode(big),
                FrameFormat.encode(utf8("four")));
        int bigStart = 6 + 6; // after frames "one" and "two"
        int cutInPrefix = bigStart + 2; // message boundary inside the 3-byte prefix of the big frame
        int cutInPayload = bigStart + 3 + 1000;
        ch.write(new TextWebSocketFrame("ignored text"));
        ch.write(new BinaryWebSocketFrame(wrap(stream, 0, cutInPrefix)));
        ch.write(new TextWebSocketFrame(false, 0, Unpooled.copiedBuffer(utf8("fragmented "))));
        ch.write(new ContinuationWebSocketFrame(true, 0, Unpooled.copiedBuffer(utf8("text"))));
        // a binary message fragmented into two WebSocket frames, then the rest in one more message
        ch.write(new BinaryWebSocketFrame(false, 0, wrap(stream, cutInPrefix, cutInPayload)));
        ch.write(new ContinuationWebSocketFrame(true, 0, wrap(stream, cutInPayload, cutInPayload + 10)));
        ch.writeAndFlush(new BinaryWebSocketFrame(wrap(stream, cutInPayload + 10, stream.length)));
        assertThat(listener.next()).isEqualTo(utf8("one"));
        assertThat(listener.next()).isEqualTo(utf8("two"));
        assertThat(listener.next()).isEqualTo(big);
        assertThat(listener.next()).isEqualTo(utf8("four"));
        assertThat(listener.frames).isEmpty();
    }

    private FrameSocket connect(RecordingListener listener) throws Exception {
        int port = ((InetSocketAddress) listening.localAddress()).getPort();
        return FrameSocket.connect(URI.create("ws://127.0.0.1:" + port + "/ws/chat"), Optional.empty(), listener)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private byte[] next() throws InterruptedException {
        byte[] message = messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(message).as("WebSocket message").isNotNull();
        return message;
    }

    private static io.netty.buffer.ByteBuf wrap(byte[] bytes, int from, int to) {
        return Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, from, to));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
