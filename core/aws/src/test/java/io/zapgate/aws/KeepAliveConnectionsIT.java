package io.zapgate.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zapgate.aws.local.TestBackends;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Rounds of 64 concurrent calls (a lease renewal round) reuse their connections once the process pooled them
 * ({@link AwsClients#poolConnections}); with the JDK's default keep-alive cache (5 idle connections) most calls open
 * a new one. Each case runs in a JVM of its own ({@link KeepAliveProbe}) against DynamoDB Local, through a TCP
 * relay that counts the connections it accepts.
 */
class KeepAliveConnectionsIT {
    private static final int ROUNDS = 10;
    private static final int CALLS = 64;

    private final AwsIntegration aws = AwsIntegration.get();

    @Test
    void pooledConnectionsAreReusedAcrossRenewalRounds() throws Exception {
        int opened = connectionsOpened("pooled");
        assertTrue(
                opened <= CALLS + 16,
                "a pooled client opened " + opened + " connections for " + ROUNDS + " rounds of " + CALLS + " calls");
    }

    @Test
    void theJdkDefaultOpensMostCallsAnew() throws Exception {
        // what the session host did before it pooled: the test above would fail without poolConnections
        int opened = connectionsOpened("default");
        assertTrue(opened > 4 * CALLS, "the JDK default opened only " + opened + " connections");
    }

    private int connectionsOpened(String mode) throws Exception {
        URI dynamo = TestBackends.shared().endpoints().dynamoDb();
        String table = aws.refs.get("SessionLeasesTable");
        try (Relay relay = new Relay(dynamo.getHost(), dynamo.getPort())) {
            Process probe = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            KeepAliveProbe.class.getName(),
                            "http://127.0.0.1:" + relay.port(),
                            table,
                            mode,
                            Integer.toString(ROUNDS),
                            Integer.toString(CALLS))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            assertTrue(probe.waitFor(2, TimeUnit.MINUTES), "the probe did not finish");
            assertEquals(0, probe.exitValue(), "the probe failed");
            return relay.accepted.get();
        }
    }

    /** Relays TCP connections to {@code host:port} and counts them. */
    private static final class Relay implements AutoCloseable {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket server;

        Relay(String host, int port) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        accepted.incrementAndGet();
                        Socket out = new Socket(host, port);
                        Thread.ofVirtual().start(() -> pipe(in, out));
                        Thread.ofVirtual().start(() -> pipe(out, in));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pipe(Socket from, Socket to) {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // either side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
