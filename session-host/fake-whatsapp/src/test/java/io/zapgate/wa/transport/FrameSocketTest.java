package io.zapgate.wa.transport;

import static io.zapgate.wa.transport.RecordingListener.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client ↔ {@link FrameServer} over real loopback WebSockets. */
class FrameSocketTest {

    private final CompletableFuture<ServerConnection> accepted = new CompletableFuture<>();
    private final RecordingListener serverSide = new RecordingListener();
    private final RecordingListener clientSide = new RecordingListener();
    private FrameServer server;

    @BeforeEach
    void startServer() {
        server = FrameServer.start("127.0.0.1", 0, connection -> {
            accepted.complete(connection);
            return serverSide;
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void framesFlowBothWaysWithIntroStrippedAndHeadersSent() throws Exception {
        FrameSocketOptions options =
                FrameSocketOptions.builder().userAgent("zapgate-test/1.0").build();
        FrameSocket socket = connect(options);
        assertThat(server.port()).isPositive();
        assertThat(server.uri().toString()).isEqualTo("ws://127.0.0.1:" + server.port() + "/ws/chat");

        socket.sendFrame(utf8("first")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        socket.sendFrame(new byte[0]);
        socket.sendFrame(utf8("third"));
        // The server decoder strips exactly one intro: a repeated intro would corrupt frames 2 and 3.
        assertThat(serverSide.next()).isEqualTo(utf8("first"));
        assertThat(serverSide.next()).isEmpty();
        assertThat(serverSide.next()).isEqualTo(utf8("third"));

        ServerConnection connection = accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(connection.requestUri()).isEqualTo("/ws/chat");
        assertThat(connection.header("origin")).contains("https://web.whatsapp.com");
        assertThat(connection.header("Cache-Control")).contains("no-cache");
        assertThat(connection.header("Pragma")).contains("no-cache");
        assertThat(connection.header("User-Agent")).contains("zapgate-test/1.0");
        assertThat(connection.remoteAddress().getPort())
                .isEqualTo(socket.localAddress().getPort());

        connection.sendFrame(utf8("from server"));
        connection.sendFrames(List.of(utf8("batched 1"), utf8("batched 2")));
        assertThat(clientSide.next()).isEqualTo(utf8("from server"));
        assertThat(clientSide.next()).isEqualTo(utf8("batched 1"));
        assertThat(clientSide.next()).isEqualTo(utf8("batched 2"));
        assertThat(socket.isOpen()).isTrue();
        assertThat(connection.isOpen()).isTrue();
    }

    @Test
    void largeFramesBothWays() throws Exception {
        FrameSocket socket = connect(FrameSocketOptions.defaults());
        byte[] up = random(1 << 20, 1);
        byte[] down = random((1 << 20) + 17, 2);
        socket.sendFrame(up);
        assertThat(serverSide.next()).isEqualTo(up);
        accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).sendFrame(down);
        assertThat(clientSide.next()).isEqualTo(down);
    }

    @Test
    void clientCloseReachesServer() throws Exception {
        FrameSocket socket = connect(FrameSocketOptions.defaults());
        CloseReason local = socket.close().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(local.initiator()).isEqualTo(CloseReason.Initiator.LOCAL);
        assertThat(clientSide.awaitClose()).isEqualTo(local);
        CloseReason remote = serverSide.awaitClose();
        assertThat(remote.initiator()).isEqualTo(CloseReason.Initiator.REMOTE);
        assertThat(remote.statusCode()).isEqualTo(1000);
        assertThat(socket.isOpen()).isFalse();
        assertThatThrownBy(() -> socket.sendFrame(utf8("late")).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(TransportException.class);
        assertThat(clientSide.closeCalls).isEqualTo(1);
    }

    @Test
    void serverCloseReachesClient() throws Exception {
        connect(FrameSocketOptions.defaults());
        accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close(4000, "bye");
        CloseReason reason = clientSide.awaitClose();
        assertThat(reason.initiator()).isEqualTo(CloseReason.Initiator.REMOTE);
        assertThat(reason.statusCode()).isEqualTo(4000);
        assertThat(reason.text()).isEqualTo("bye");
        assertThat(serverSide.awaitClose().initiator()).isEqualTo(CloseReason.Initiator.LOCAL);
    }

    @Test
    void droppedConnectionIsReportedAsAbnormalClosure() throws Exception {
        connect(FrameSocketOptions.defaults());
        accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.close(); // no close frame
        CloseReason reason = clientSide.awaitClose();
        assertThat(reason.initiator()).isEqualTo(CloseReason.Initiator.REMOTE);
        assertThat(reason.statusCode()).isEqualTo(CloseReason.ABNORMAL_CLOSURE);
    }

    @Test
    void serverRejectsWrongIntro() throws Exception {
        FrameSocketOptions badIntro = FrameSocketOptions.builder()
                .intro(HexFormat.of().parseHex("57410602"))
                .build();
        FrameSocket socket = connect(badIntro);
        socket.sendFrame(utf8("hello"));
        CloseReason serverReason = serverSide.awaitClose();
        assertThat(serverReason.initiator()).isEqualTo(CloseReason.Initiator.ERROR);
        assertThat(serverReason.cause()).isInstanceOf(InvalidIntroException.class);
        assertThat(serverSide.frames).isEmpty();
        CloseReason clientReason = clientSide.awaitClose();
        assertThat(clientReason.statusCode()).isEqualTo(1002);
    }

    @Test
    void connectingToAClosedPortFailsFast() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        CompletableFuture<FrameSocket> future =
                FrameSocket.connect(URI.create("ws://127.0.0.1:" + port + "/ws/chat"), Optional.empty(), clientSide);
        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(TransportConnectException.class)
                .hasMessageContaining("ws://127.0.0.1:" + port)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(clientSide.closed).isNotDone();
    }

    @Test
    void unresponsiveServerHitsTheConnectTimeout() throws Exception {
        // A listening socket that never accepts: TCP connects (backlog) but no HTTP response ever comes.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            FrameSocketOptions options = FrameSocketOptions.builder()
                    .connectTimeout(Duration.ofMillis(300))
                    .build();
            CompletableFuture<FrameSocket> future = FrameSocket.connect(
                    URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/ws/chat"),
                    Optional.empty(),
                    clientSide,
                    options);
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(TransportConnectException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
        }
    }

    @Test
    void wrongPathFailsTheUpgrade() {
        URI wrong = URI.create("ws://127.0.0.1:" + server.port() + "/other");
        CompletableFuture<FrameSocket> future = FrameSocket.connect(wrong, Optional.empty(), clientSide);
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TransportConnectException.class)
                .hasCauseInstanceOf(WebSocketClientHandshakeException.class)
                .hasMessageContaining("404");
    }

    @Test
    void rejectsNonWebSocketUrlsAndOversizeFrames() throws Exception {
        assertThatThrownBy(() ->
                        FrameSocket.connect(URI.create("http://127.0.0.1:1/ws/chat"), Optional.empty(), clientSide))
                .isInstanceOf(IllegalArgumentException.class);
        FrameSocket socket = connect(FrameSocketOptions.defaults());
        assertThatThrownBy(() -> socket.sendFrame(new byte[FrameFormat.MAX_FRAME_SIZE]))
                .isInstanceOf(FrameTooLargeException.class);
    }

    private FrameSocket connect(FrameSocketOptions options) throws Exception {
        return FrameSocket.connect(server.uri(), Optional.empty(), clientSide, options)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
