package io.zapgate.functions.events;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Posts one event over HTTP/1.1 on a socket of its own, to an address {@link UrlGuard} checked.
 *
 * <p>Why not {@code java.net.http.HttpClient}: it resolves the host name itself, so the address it connects to
 * is not the one the guard checked (DNS rebinding), and it cannot be given an address. This sender resolves
 * once (through the guard), opens the TCP connection to a checked IP, and only then layers TLS on it with the
 * URL's host name as SNI server name and as the name the certificate must match (endpoint identification
 * "HTTPS"); the Host header also carries the URL's host. Certificate validation is therefore exactly what a
 * browser would do for the URL, while the packets go to the checked address.
 *
 * <p>The whole exchange — connect, TLS handshake, request, status line, headers and the body of the
 * response — must finish within {@code timeout}: a watchdog closes the socket at the deadline, so a receiver
 * that trickles its answer cannot hold the invocation. No redirect is followed (a 3xx is a failure).
 */
public final class HttpWebhookSender implements WebhookSender {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 1024 * 1024;
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final UrlGuard guard;
    private final Duration timeout;
    private final SSLSocketFactory tls;

    /**
     * @param timeout the whole exchange; 3 URLs in a row must fit in the function's timeout
     * @param tls the TLS client (its trust decides which certificates are accepted)
     */
    public HttpWebhookSender(UrlGuard guard, Duration timeout, SSLSocketFactory tls) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("webhook timeout must be positive");
        }
        this.guard = guard;
        this.timeout = timeout;
        this.tls = tls;
    }

    /** With the JDK's default trust store. */
    public HttpWebhookSender(UrlGuard guard, Duration timeout) {
        this(guard, timeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * @throws UrlGuard.Refused the URL can never be called (invalid, refused address, bad header)
     * @throws IOException unreachable, TLS failure, malformed answer, or the deadline passed
     */
    @Override
    public int post(String url, Map<String, String> headers, String body) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        UrlGuard.Target target = guard.check(url);
        byte[] request = request(target, headers, body.getBytes(StandardCharsets.UTF_8));
        AtomicBoolean expired = new AtomicBoolean();
        AtomicReference<Socket> current = new AtomicReference<>();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(
                () -> {
                    expired.set(true);
                    closeQuietly(current.get());
                },
                remainingMillis(deadline),
                TimeUnit.MILLISECONDS);
        try {
            Socket socket = connect(current, target.addresses(), target.port(), deadline);
            Socket channel = target.tls() ? handshake(socket, target, deadline) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(request);
            out.flush();
            return readResponse(new BufferedInputStream(new DeadlineInput(channel, deadline)));
        } catch (IOException e) {
            // every socket timeout here is set from the deadline (rounded down to whole ms, so one may fire a
            // moment before it): any of them means the deadline
            if (expired.get() || e instanceof SocketTimeoutException || System.nanoTime() - deadline >= 0) {
                throw new SocketTimeoutException("webhook exchange took longer than " + timeout.toMillis() + " ms");
            }
            throw e;
        } finally {
            watchdog.cancel(false);
            closeQuietly(current.get());
        }
    }

    /** Tries the checked addresses in order, and never any other; {@code current} is what the watchdog closes. */
    private static Socket connect(AtomicReference<Socket> current, List<InetAddress> addresses, int port, long deadline)
            throws IOException {
        IOException last = null;
        for (InetAddress a : addresses) {
            Socket s = new Socket();
            closeQuietly(current.getAndSet(s));
            try {
                s.connect(new InetSocketAddress(a, port), remainingMillis(deadline));
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private SSLSocket handshake(Socket raw, UrlGuard.Target target, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must match the URL's host name
        if (io.zapgate.core.net.SpecialAddresses.literal(target.host()) == null
                && !target.host().contains(":")) {
            p.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(p);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] request(UrlGuard.Target target, Map<String, String> headers, byte[] body)
            throws UrlGuard.Refused {
        StringBuilder head = new StringBuilder(512)
                .append("POST ")
                .append(target.requestTarget())
                .append(" HTTP/1.1\r\nHost: ")
                .append(target.hostHeader())
                .append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            String value = h.getValue();
            if (!TOKEN.matcher(name).matches()
                    || value == null
                    || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)
                    || isManaged(name)) {
                throw new UrlGuard.Refused("bad webhook header " + name, null);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static boolean isManaged(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.equals("host")
                || n.equals("content-length")
                || n.equals("connection")
                || n.equals("transfer-encoding");
    }

    /** Reads the status, the headers and the whole body (discarded, at most 1 MiB read). */
    private static int readResponse(InputStream in) throws IOException {
        while (true) {
            String status = line(in);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
                throw new IOException("malformed HTTP status line from webhook");
            }
            int code = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed HTTP header from webhook");
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw new IOException("malformed Content-Length from webhook");
                    }
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                }
            }
            if (code >= 100 && code < 200) {
                continue; // an interim answer (e.g. 100 Continue): the final one follows
            }
            if (code != 204 && code != 304) {
                if (chunked) {
                    discardChunked(in);
                } else {
                    discard(in, length);
                }
            }
            return code;
        }
    }

    private static void discardChunked(InputStream in) throws IOException {
        long total = 0;
        while (true) {
            String size = line(in);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk from webhook");
            }
            if (n == 0) {
                while (!line(in).isEmpty()) {
                    // trailers
                }
                return;
            }
            total += n;
            if (total > MAX_BODY) {
                return; // the status is known; the rest is not worth the wait
            }
            discard(in, n);
            line(in);
        }
    }

    /** @param length -1: until the receiver closes (we sent {@code Connection: close}) */
    private static void discard(InputStream in, long length) throws IOException {
        long left = length < 0 ? MAX_BODY : Math.min(length, MAX_BODY);
        byte[] buf = new byte[8192];
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                if (length < 0) {
                    return;
                }
                throw new IOException("webhook response body ended early");
            }
            left -= n;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("webhook closed the connection mid-response");
            }
            if (sb.length() >= MAX_HEAD) {
                throw new IOException("webhook response head too large");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (ms <= 0) {
            throw new SocketTimeoutException("webhook deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "webhook-deadline");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    /** Each read waits at most until the deadline (the watchdog also closes the socket then). */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInput(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            socket.setSoTimeout(remainingMillis(deadline));
            return in.read(b, off, len);
        }
    }
}
