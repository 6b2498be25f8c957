package io.zapgate.functions.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.zapgate.core.net.GuardedResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook sender against real local HTTP(S) servers, with a scripted name resolver. */
class HttpWebhookSenderTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private final AtomicInteger lookups = new AtomicInteger();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /** Resolves every name to {@code answers}, counting the lookups; the system resolver is never asked. */
    private GuardedResolver.Dns dns(InetAddress... answers) {
        return host -> {
            lookups.incrementAndGet();
            return answers;
        };
    }

    private HttpWebhookSender sender(boolean allowPrivate, GuardedResolver.Dns dns, Duration timeout) {
        return new HttpWebhookSender(new UrlGuard(new GuardedResolver(allowPrivate, dns)), timeout);
    }

    @Test
    void connectsToTheAddressItCheckedUnderTheUrlsHostName() throws Exception {
        RawServer server = RawServer.answering("HTTP/1.1 204 No Content\r\n\r\n");
        closing.add(server);
        // "hooks.zapgate.test" exists only in the scripted resolver: a client that resolved the name again
        // (as java.net.http.HttpClient does) could not reach the server at all
        int status = sender(true, dns(LOOPBACK), Duration.ofSeconds(5))
                .post("http://hooks.zapgate.test:" + server.port() + "/in?x=1", Map.of("X-A", "b"), "{}");
        assertThat(status).isEqualTo(204);
        assertThat(lookups).hasValue(1);
        String request = server.requests().getFirst();
        assertThat(request)
                .startsWith("POST /in?x=1 HTTP/1.1\r\n")
                .contains("\r\nHost: hooks.zapgate.test:" + server.port() + "\r\n")
                .contains("\r\nX-A: b\r\n")
                .endsWith("\r\n\r\n{}");
    }

    @Test
    void aHostWithOneRefusedAddressAmongPublicOnesIsNeverCalled() throws Exception {
        RawServer server = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        closing.add(server);
        HttpWebhookSender sender =
                sender(false, dns(InetAddress.getByName("93.184.215.14"), LOOPBACK), Duration.ofSeconds(5));
        assertThatThrownBy(() -> sender.post("http://hooks.zapgate.test:" + server.port() + "/", Map.of(), "{}"))
                .isInstanceOf(UrlGuard.Refused.class)
                .hasMessageContaining("127.0.0.1");
        for (String literal : List.of(
                "http://[fd00:ec2::254]/",
                "http://100.64.0.1/",
                "http://198.18.0.1/",
                "http://[::ffff:169.254.169.254]/",
                "http://[64:ff9b::a9fe:a9fe]/",
                "http://[2002:a9fe:a9fe::1]/")) {
            assertThatThrownBy(() -> sender(false, GuardedResolver.SYSTEM, Duration.ofSeconds(5))
                            .post(literal, Map.of(), "{}"))
                    .as(literal)
                    .isInstanceOf(UrlGuard.Refused.class);
        }
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aTricklingReceiverIsCutAtTheTotalDeadline() throws Exception {
        // headers at once, then one body byte every 50 ms: each read succeeds, only a total limit ends it
        RawServer server = RawServer.trickling("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", 50);
        closing.add(server);
        HttpWebhookSender sender = sender(true, dns(LOOPBACK), Duration.ofMillis(700));
        long start = System.nanoTime();
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(
                                () -> sender.post("http://hooks.zapgate.test:" + server.port() + "/", Map.of(), "{}"))
                        .isInstanceOf(SocketTimeoutException.class)
                        .hasMessageContaining("700 ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700 + 2000));
    }

    @Test
    void aTricklingStatusLineIsCutToo() throws Exception {
        RawServer server = RawServer.trickling("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 100);
        closing.add(server);
        HttpWebhookSender sender = sender(true, dns(LOOPBACK), Duration.ofMillis(700));
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertThatThrownBy(
                                () -> sender.post("http://hooks.zapgate.test:" + server.port() + "/", Map.of(), "{}"))
                        .isInstanceOf(SocketTimeoutException.class));
    }

    @Test
    void readsChunkedAndSizedBodiesToTheEnd() throws Exception {
        RawServer chunked = RawServer.answering(
                "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n" + "3\r\nabc\r\n0\r\n\r\n");
        RawServer sized = RawServer.answering(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Busy\r\n" + "Content-Length: 4\r\n\r\nbusy");
        closing.add(chunked);
        closing.add(sized);
        HttpWebhookSender sender = sender(true, dns(LOOPBACK), Duration.ofSeconds(5));
        assertThat(sender.post("http://h.test:" + chunked.port() + "/", Map.of(), "{}"))
                .isEqualTo(201);
        assertThat(sender.post("http://h.test:" + sized.port() + "/", Map.of(), "{}"))
                .isEqualTo(503);
    }

    @Test
    void aHeaderValueCannotInjectALine() throws Exception {
        RawServer server = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        closing.add(server);
        assertThatThrownBy(() -> sender(true, dns(LOOPBACK), Duration.ofSeconds(5))
                        .post("http://h.test:" + server.port() + "/", Map.of("Authorization", "x\r\nX-Evil: 1"), "{}"))
                .isInstanceOf(UrlGuard.Refused.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void tlsIsValidatedAgainstTheUrlsHostNameWhileConnectingToTheCheckedAddress(@TempDir Path dir) throws Exception {
        KeyStore keys = selfSigned(dir, "hooks.zapgate.test");
        SSLContext serverTls = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        serverTls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        List<String> hosts = new CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            hosts.add(ex.getRequestHeaders().getFirst("Host"));
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        closing.add(() -> server.stop(0));

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hooks", keys.getCertificate("hooks"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);
        int port = server.getAddress().getPort();
        HttpWebhookSender sender = new HttpWebhookSender(
                new UrlGuard(new GuardedResolver(true, dns(LOOPBACK))),
                Duration.ofSeconds(5),
                clientTls.getSocketFactory());

        assertThat(sender.post("https://hooks.zapgate.test:" + port + "/h", Map.of(), "{}"))
                .isEqualTo(200);
        assertThat(hosts).containsExactly("hooks.zapgate.test:" + port);
        // same address, same trusted certificate, another name: the certificate does not match it
        assertThatThrownBy(() -> sender.post("https://other.zapgate.test:" + port + "/h", Map.of(), "{}"))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(UrlGuard.Refused.class);
        assertThat(hosts).hasSize(1);
    }

    /** A key pair and self-signed certificate for {@code name}, made by the JDK's keytool. */
    private static KeyStore selfSigned(Path dir, String name) throws Exception {
        Path file = dir.resolve("hooks.p12");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "hooks",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + name,
                        "-ext",
                        "SAN=dns:" + name,
                        "-validity",
                        "2",
                        "-keystore",
                        file.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks;
    }

    /** A socket-level HTTP server: reads one request (head + Content-Length body), writes a scripted answer. */
    static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private final Thread thread;

        private RawServer(String answer, long trickleMillis) throws IOException {
            socket = new ServerSocket(0, 8, LOOPBACK);
            thread = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        requests.add(readRequest(s.getInputStream()));
                        OutputStream out = s.getOutputStream();
                        byte[] bytes = answer.getBytes(StandardCharsets.ISO_8859_1);
                        if (trickleMillis <= 0) {
                            out.write(bytes);
                            out.flush();
                            continue;
                        }
                        int sent = 0;
                        while (true) { // the scripted bytes one at a time, then zeros, until the client leaves
                            out.write(sent < bytes.length ? bytes[sent] : '0');
                            out.flush();
                            sent++;
                            Thread.sleep(trickleMillis); // the trickle itself, not a synchronisation
                        }
                    } catch (IOException | InterruptedException e) {
                        // client gone or server closed: next connection
                    }
                }
            });
        }

        static RawServer answering(String answer) throws IOException {
            return new RawServer(answer, 0);
        }

        static RawServer trickling(String answer, long millisPerByte) throws IOException {
            return new RawServer(answer, millisPerByte);
        }

        int port() {
            return socket.getLocalPort();
        }

        List<String> requests() {
            return requests;
        }

        private static String readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("closed");
                }
                head.append((char) c);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws Exception {
            socket.close();
            thread.join(5000);
        }
    }
}
