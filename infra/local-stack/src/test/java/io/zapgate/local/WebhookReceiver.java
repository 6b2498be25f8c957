package io.zapgate.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** A real HTTP server that records webhook calls; its answer per call is scripted (call number → status). */
final class WebhookReceiver implements AutoCloseable {
    record Call(String path, Map<String, String> headers, String body) {}

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntUnaryOperator status = n -> 200;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            int code = status.applyAsInt(count.incrementAndGet());
            synchronized (calls) {
                calls.add(new Call(ex.getRequestURI().getPath(), headers, body));
                calls.notifyAll();
            }
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    void answer(IntUnaryOperator byCallNumber) {
        status = byCallNumber;
    }

    /** The calls so far. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Waits until at least {@code n} calls arrived; returns them all. */
    List<Call> await(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (calls) {
            while (calls.size() < n) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " webhook calls, got " + calls.size() + ": " + calls);
                }
                calls.wait(left);
            }
            return List.copyOf(calls);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
