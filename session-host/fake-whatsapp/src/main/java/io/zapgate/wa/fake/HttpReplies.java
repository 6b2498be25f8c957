package io.zapgate.wa.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON and text answers of the {@link ControlServer}, and query-string reading. */
final class HttpReplies {
    static final ObjectMapper JSON = new ObjectMapper();

    private HttpReplies() {}

    /** A status and a JSON document. */
    record Reply(int status, Map<String, Object> json) {}

    static Reply ok(String key, Object value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", true);
        json.put(key, value);
        return new Reply(200, json);
    }

    static Map<String, Object> withOk(Map<String, Object> state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", true);
        json.putAll(state);
        return json;
    }

    static Map<String, Object> error(String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", false);
        json.put("error", message);
        return json;
    }

    /** The value of {@code name} in a query string ({@code a=1&b=2}), or null. */
    static String param(String query, String name) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    static void respond(HttpExchange exchange, int status, Map<String, Object> json) throws IOException {
        respond(exchange, status, "application/json", JSON.writeValueAsBytes(json));
    }

    static void respondText(HttpExchange exchange, String contentType, String text) throws IOException {
        respond(exchange, 200, contentType + "; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] bytes)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
