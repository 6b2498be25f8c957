package io.zapgate.wa.transport;

import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * Minimal blocking proxies for tests, one virtual thread per direction: SOCKS5 with mandatory
 * username/password (RFC 1928/1929) or HTTP CONNECT with mandatory {@code Proxy-Authorization: Basic},
 * optionally behind TLS. Only loopback IP literals are tunnelled to; nothing is resolved. Shared with the
 * fake WhatsApp's end-to-end tests through this module's test-jar.
 */
public final class TestProxy implements AutoCloseable {

    enum Kind {
        SOCKS5,
        HTTP_CONNECT
    }

    private final Kind kind;
    private final String username;
    private final String password;
    private final ServerSocket server;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    /** Targets tunnelled to, as {@code host:port}. */
    public final List<String> targets = new CopyOnWriteArrayList<>();
    /** Local ports of the proxy's outbound sockets: what the target sees as the peer port. */
    public final Set<Integer> outboundPorts = ConcurrentHashMap.newKeySet();

    public final AtomicInteger authFailures = new AtomicInteger();
    public final AtomicInteger accepted = new AtomicInteger();

    private TestProxy(Kind kind, String username, String password, SSLContext tls) throws IOException {
        this.kind = kind;
        this.username = username;
        this.password = password;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        this.server = tls == null
                ? new ServerSocket(0, 50, loopback)
                : tls.getServerSocketFactory().createServerSocket(0, 50, loopback);
        Thread.ofVirtual().name("test-proxy-accept").start(this::acceptLoop);
    }

    public static TestProxy socks5(String username, String password) throws IOException {
        return new TestProxy(Kind.SOCKS5, username, password, null);
    }

    public static TestProxy httpConnect(String username, String password, SSLContext tls) throws IOException {
        return new TestProxy(Kind.HTTP_CONNECT, username, password, tls);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted.incrementAndGet();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            Socket upstream = kind == Kind.SOCKS5 ? socks5(client) : httpConnect(client);
            if (upstream != null) {
                Thread.ofVirtual().start(() -> pump(client, upstream));
                pump(upstream, client);
            }
        } catch (IOException e) {
            // connection dropped during negotiation
        } finally {
            closeQuietly(client);
        }
    }

    private Socket socks5(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream();
        if (in.readUnsignedByte() != 5) {
            return null;
        }
        byte[] methods = in.readNBytes(in.readUnsignedByte());
        if (!contains(methods, (byte) 2)) {
            out.write(new byte[] {5, (byte) 0xFF}); // no acceptable method: we insist on user/password
            return null;
        }
        out.write(new byte[] {5, 2});
        in.readUnsignedByte(); // sub-negotiation version 1
        String user = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
        String pass = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
        if (!user.equals(username) || !pass.equals(password)) {
            authFailures.incrementAndGet();
            out.write(new byte[] {1, 1});
            return null;
        }
        out.write(new byte[] {1, 0});
        in.readUnsignedByte(); // version
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        String host = switch (in.readUnsignedByte()) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
        };
        int port = in.readUnsignedShort();
        Socket upstream = command == 1 ? connectLoopback(host, port) : null;
        out.write(new byte[] {5, (byte) (upstream == null ? 2 : 0), 0, 1, 0, 0, 0, 0, 0, 0});
        return upstream;
    }

    private Socket httpConnect(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        String[] requestLine = readLine(in).split(" ");
        String authorization = null;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("proxy-authorization")) {
                authorization = line.substring(colon + 1).trim();
            }
        }
        String expected = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(authorization)) {
            authFailures.incrementAndGet();
            out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return null;
        }
        String target = requestLine.length == 3 && requestLine[0].equals("CONNECT") ? requestLine[1] : "";
        int colon = target.lastIndexOf(':');
        Socket upstream = colon < 0
                ? null
                : connectLoopback(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
        out.write((upstream == null
                        ? "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 200 Connection established\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return upstream;
    }

    /** Connects only to loopback IP literals (never resolves names); null if refused or not allowed. */
    private Socket connectLoopback(String host, int port) {
        String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        byte[] address = NetUtil.createByteArrayFromIpAddressString(literal);
        try {
            if (address == null || !InetAddress.getByAddress(address).isLoopbackAddress()) {
                return null;
            }
            Socket upstream = new Socket();
            upstream.connect(new InetSocketAddress(InetAddress.getByAddress(address), port), 5_000);
            open.add(upstream);
            outboundPorts.add(upstream.getLocalPort());
            targets.add(literal + ":" + port);
            return upstream;
        } catch (IOException e) {
            return null;
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("EOF in header");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static boolean contains(byte[] bytes, byte wanted) {
        for (byte b : bytes) {
            if (b == wanted) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        open.forEach(TestProxy::closeQuietly);
    }
}
