package io.zapgate.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The web console ({@code console/} in the repository: static files, no build step) on the local stack: the page at
 * {@code /}, its files under {@code /console/}, and {@code /console/config.json} naming this stack's WebSocket
 * stream (the page's default, port + 1, is wrong when the ports are chosen freely). The console talks only to the
 * public API.
 */
final class ConsoleFiles {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json");
    private final byte[] config;

    ConsoleFiles(String streamUrl) {
        this.config = ("{\"apiUrl\":\"\",\"streamUrl\":\"" + streamUrl.replaceAll("/+$", "") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!"GET".equals(ex.getRequestMethod())) {
                send(ex, 405, "text/plain; charset=utf-8", "Method Not Allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/console/config.json")) {
                send(ex, 200, TYPES.get("json"), config);
                return;
            }
            String file = path.equals("/") ? "index.html" : path.substring(path.lastIndexOf('/') + 1);
            if (!(path.equals("/") || path.equals("/console/" + file)) || !file.matches("[A-Za-z0-9_-]+\\.[a-z]+")) {
                send(ex, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream("console/" + file)) {
                if (in == null) {
                    send(ex, 404, "text/plain; charset=utf-8", "Not Found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String ext = file.substring(file.lastIndexOf('.') + 1);
                send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
