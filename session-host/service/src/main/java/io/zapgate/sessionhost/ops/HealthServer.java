package io.zapgate.sessionhost.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The session host's health endpoints over plain HTTP (JDK server, virtual threads): {@code GET /health/live}
 * and {@code GET /health/ready} answer 200 when healthy, 503 when not, with a JSON body naming every check:
 * {@code {"status":"ok|fail","checks":{"sqs":{"ok":true,"detail":"ok"},...}}}. Anything else is a 404.
 */
public final class HealthServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Listens on {@code port} (0 = any free port) on every interface. */
    public static HealthServer start(int port, HostHealth health) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/health/live", ex -> answer(ex, health::live));
        server.createContext("/health/ready", ex -> answer(ex, health::ready));
        server.createContext("/", ex -> send(ex, 404, Map.of("status", "not found")));
        server.start();
        return new HealthServer(server);
    }

    private static void answer(HttpExchange ex, Supplier<HostHealth.Report> check) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/health/live") && !path.equals("/health/ready")) {
            send(ex, 404, Map.of("status", "not found"));
            return;
        }
        HostHealth.Report report;
        try {
            report = check.get();
        } catch (RuntimeException e) {
            send(ex, 503, Map.of("status", "fail", "error", String.valueOf(e.getMessage())));
            return;
        }
        Map<String, Object> checks = new LinkedHashMap<>();
        report.checks().forEach((name, s) -> checks.put(name, Map.of("ok", s.ok(), "detail", s.detail())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", report.healthy() ? "ok" : "fail");
        body.put("checks", checks);
        send(ex, report.healthy() ? 200 : 503, body);
    }

    private static void send(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Serves {@code path} (and below) with {@code handler} too (the test-only chaos switch). */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
