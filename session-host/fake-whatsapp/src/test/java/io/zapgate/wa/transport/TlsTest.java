package io.zapgate.wa.transport;

import static io.zapgate.wa.transport.FrameSocketTest.utf8;
import static io.zapgate.wa.transport.RecordingListener.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code wss://} against a {@link FrameServer} with a self-signed certificate for "localhost". */
class TlsTest {

    private final RecordingListener serverSide = new RecordingListener();
    private final RecordingListener clientSide = new RecordingListener();
    private FrameServer server;
    private URI localhostUri;

    @BeforeEach
    void start() throws Exception {
        server =
                FrameServer.start("127.0.0.1", 0, Optional.of(TestCertificate.nettyServer()), connection -> serverSide);
        localhostUri = URI.create("wss://localhost:" + server.port() + "/ws/chat");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void wssWithTrustedCertificate() throws Exception {
        assertThat(server.uri().getScheme()).isEqualTo("wss");
        FrameSocketOptions options = FrameSocketOptions.builder()
                .tlsContext(TestCertificate.nettyClientTrusting())
                .build();
        FrameSocket socket = FrameSocket.connect(localhostUri, Optional.empty(), clientSide, options)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        socket.sendFrame(utf8("over tls"));
        assertThat(serverSide.next()).isEqualTo(utf8("over tls"));
    }

    @Test
    void wssValidatesCertificatesWithJdkTrustByDefault() {
        CompletableFuture<FrameSocket> future = FrameSocket.connect(localhostUri, Optional.empty(), clientSide);
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TransportConnectException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void wssVerifiesTheHostName() throws Exception {
        var trust = SslContextBuilder.forClient()
                .trustManager(TestCertificate.cert())
                .build(); // Netty 4.2 verifies host names by default
        FrameSocketOptions options =
                FrameSocketOptions.builder().tlsContext(trust).build();
        URI byIp = URI.create("wss://127.0.0.1:" + server.port() + "/ws/chat"); // certificate is for "localhost"
        CompletableFuture<FrameSocket> future = FrameSocket.connect(byIp, Optional.empty(), clientSide, options);
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TransportConnectException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasStackTraceContaining("subject alternative names"); // the JDK's host name check, not trust, failed
    }
}
