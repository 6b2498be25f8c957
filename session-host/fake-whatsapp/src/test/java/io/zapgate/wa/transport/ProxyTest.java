package io.zapgate.wa.transport;

import static io.zapgate.wa.transport.FrameSocketTest.utf8;
import static io.zapgate.wa.transport.RecordingListener.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.proxy.ProxyConnectException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client → real in-process proxy (SOCKS5, HTTP CONNECT, HTTP CONNECT over TLS) → {@link FrameServer}. */
class ProxyTest {

    private final CompletableFuture<ServerConnection> accepted = new CompletableFuture<>();
    private final RecordingListener serverSide = new RecordingListener();
    private final RecordingListener clientSide = new RecordingListener();
    private FrameServer server;
    private TestProxy proxy;

    @BeforeEach
    void startServer() {
        server = FrameServer.start("127.0.0.1", 0, connection -> {
            accepted.complete(connection);
            return serverSide;
        });
    }

    @AfterEach
    void stop() {
        server.close();
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void socks5WithPassword() throws Exception {
        proxy = TestProxy.socks5("alice", "wonderland");
        exchangeThroughProxy(ProxyConfig.socks5("127.0.0.1", proxy.port()).withCredentials("alice", "wonderland"));
    }

    @Test
    void socks5WrongPasswordFails() throws Exception {
        proxy = TestProxy.socks5("alice", "wonderland");
        ProxyConfig config = ProxyConfig.socks5("127.0.0.1", proxy.port()).withCredentials("alice", "nope");
        assertConnectFails(config, "authentication rejected");
        assertThat(proxy.authFailures).hasValue(1);
    }

    @Test
    void httpConnectWithBasicAuth() throws Exception {
        proxy = TestProxy.httpConnect("bob", "builder", null);
        exchangeThroughProxy(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("bob", "builder"));
    }

    @Test
    void httpConnectWrongPasswordFails() throws Exception {
        proxy = TestProxy.httpConnect("bob", "builder", null);
        assertConnectFails(ProxyConfig.http("127.0.0.1", proxy.port()).withCredentials("bob", "wrong"), "407");
        assertThat(proxy.authFailures).hasValue(1);
    }

    @Test
    void httpConnectWithoutCredentialsFails() throws Exception {
        proxy = TestProxy.httpConnect("bob", "builder", null);
        assertConnectFails(ProxyConfig.http("127.0.0.1", proxy.port()), "407");
    }

    @Test
    void httpsProxyOverTls() throws Exception {
        proxy = TestProxy.httpConnect("carol", "tls-pw", TestCertificate.jdkServer());
        var trustTestCert = TestCertificate.nettyClientTrusting();
        // "localhost" (loopback) so that hostname verification against the certificate applies
        exchangeThroughProxy(ProxyConfig.https("localhost", proxy.port())
                .withCredentials("carol", "tls-pw")
                .withTlsContext(trustTestCert));
    }

    @Test
    void httpsProxyWithUntrustedCertificateFails() throws Exception {
        proxy = TestProxy.httpConnect("carol", "tls-pw", TestCertificate.jdkServer());
        ProxyConfig config = ProxyConfig.https("localhost", proxy.port()).withCredentials("carol", "tls-pw");
        CompletableFuture<FrameSocket> future = FrameSocket.connect(server.uri(), Optional.of(config), clientSide);
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TransportConnectException.class)
                .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class)
                .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOf(SSLHandshakeException.class));
        assertThat(proxy.targets).isEmpty();
    }

    @Test
    void theProxyIsReachedAtTheAddressItsResolverReturned() throws Exception {
        proxy = TestProxy.socks5("alice", "wonderland");
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        // a name only this resolver knows: the transport must connect to its answer, not look the name up again
        ProxyResolver resolver = host -> {
            lookups.incrementAndGet();
            assertThat(host).isEqualTo("proxy.zapgate.test");
            return java.util.List.of(java.net.InetAddress.getByName("127.0.0.1"));
        };
        exchangeThroughProxy(ProxyConfig.socks5("proxy.zapgate.test", proxy.port())
                .withCredentials("alice", "wonderland")
                .withResolver(resolver));
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aRefusingResolverStopsTheConnectionBeforeTheProxy() throws Exception {
        proxy = TestProxy.socks5("alice", "wonderland");
        ProxyConfig config = ProxyConfig.socks5("localhost", proxy.port())
                .withCredentials("alice", "wonderland")
                .withResolver(host -> {
                    throw new java.io.IOException("localhost resolves to a loopback address");
                });
        CompletableFuture<FrameSocket> future = FrameSocket.connect(server.uri(), Optional.of(config), clientSide);
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(TransportConnectException.class)
                .hasMessageContaining("loopback");
        assertThat(proxy.accepted).hasValue(0);
        assertThat(accepted).isNotDone();
    }

    private void exchangeThroughProxy(ProxyConfig config) throws Exception {
        FrameSocket socket = FrameSocket.connect(server.uri(), Optional.of(config), clientSide)
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        socket.sendFrame(utf8("via proxy"));
        assertThat(serverSide.next()).isEqualTo(utf8("via proxy"));
        ServerConnection connection = accepted.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        connection.sendFrame(utf8("back"));
        assertThat(clientSide.next()).isEqualTo(utf8("back"));

        // The connection really went through the proxy: it tunnelled to our server, and the server's
        // peer is the proxy's outbound socket.
        assertThat(proxy.targets).containsExactly("127.0.0.1:" + server.port());
        assertThat(proxy.outboundPorts).contains(connection.remoteAddress().getPort());
        assertThat(connection.remoteAddress().getPort())
                .isNotEqualTo(socket.localAddress().getPort());
        assertThat(proxy.authFailures).hasValue(0);
        assertThat(connection.header("Origin")).contains("https://web.whatsapp.com");

        socket.close();
        assertThat(serverSide.awaitClose().statusCode()).isEqualTo(1000);
    }

    private void assertConnectFails(ProxyConfig config, String expectedMessagePart) {
        CompletableFuture<FrameSocket> future = FrameSocket.connect(server.uri(), Optional.of(config), clientSide);
        assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(ProxyAuthenticationException.class)
                .hasMessageContaining(config.type().toString())
                .hasMessageContaining(expectedMessagePart)
                .hasMessageNotContaining(config.password().orElse("\u0000unset"))
                .hasCauseInstanceOf(ProxyConnectException.class);
        assertThat(accepted).isNotDone();
        assertThat(proxy.targets).isEmpty();
    }
}
