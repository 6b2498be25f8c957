package io.zapgate.wa.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zapgate.wa.binary.Jid;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP control port of a {@link FakeWhatsApp} for demos and out-of-process tests (JDK HttpServer on 127.0.0.1).
 * Every answer is JSON with {@code "ok": true|false}:
 * <ul>
 *   <li>{@code POST /phone/scan} body = QR string → links, answers {@code {"ok":true,"device":{jid,lid,…}}}</li>
 *   <li>{@code POST /phone/pair-code} body = 8-character code → likewise</li>
 *   <li>{@code POST /phone/unlink} body = device JID, or empty for all devices</li>
 *   <li>{@code POST /phone/ban?seconds=N} (no {@code seconds} = permanent), {@code POST /phone/unban}</li>
 *   <li>{@code POST /phone/restart} (515 to every connection), {@code POST /phone/drop}</li>
 *   <li>{@code POST /phone/call} body = {@code {"device":JID,"video":bool}} (both optional), or a plain device
 *       JID (with {@code ?video=true}), or empty: calls that device, default the first linked one; answers
 *       {@code {"ok":true,"callId":…,"device":…}}, 409 if it is not connected</li>
 *   <li>{@code GET /phone/state} → recordings and linked devices</li>
 * </ul>
 * Failures: 400 (bad input), 404 (unknown path), 405 (wrong method), 409 (pairing failed, device to call not
 * connected), 504 (pairing timed out).
 */
public final class ControlServer implements AutoCloseable {
    /** How long link requests wait for the companion to finish pairing. */
    public static final Duration PAIRING_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeWhatsApp fake;
    private final HttpServer http;

    private ControlServer(FakeWhatsApp fake, HttpServer http) {
        this.fake = fake;
        this.http = http;
    }

    /**
     * Starts the control port.
     *
     * @param fake the server to control
     * @param port the port on 127.0.0.1, 0 for an ephemeral one
     * @throws IOException if the port cannot be bound
     */
    public static ControlServer start(FakeWhatsApp fake, int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(FakeWhatsApp.HOST, port), 0);
        ControlServer control = new ControlServer(fake, http);
        http.createContext("/phone/", control::handle);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return control;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create("http://" + FakeWhatsApp.HOST + ":" + http.getAddress().getPort());
    }

    /** Stops the control port (not the fake server). */
    @Override
    public void close() {
        http.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String action = exchange.getRequestURI().getPath().substring("/phone/".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean get = exchange.getRequestMethod().equals("GET");
            if (action.equals("state")) {
                respond(exchange, get ? 200 : 405, get ? withOk(StateJson.of(fake)) : error("use GET"));
            } else if (get || !exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, error("use POST"));
            } else {
                Reply reply = act(action, body, exchange.getRequestURI().getQuery());
                respond(exchange, reply.status(), reply.json());
            }
        }
    }

    private record Reply(int status, Map<String, Object> json) { }

    private Reply act(String action, String body, String query) {
        FakePhone phone = fake.phone();
        try {
            return switch (action) {
                case "scan" -> link(() -> phone.scanQr(body).get(PAIRING_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                case "pair-code" -> link(() -> phone.enterPairingCode(body)
                        .get(PAIRING_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                case "unlink" -> ok("unlinked", body.isEmpty()
                        ? phone.unlinkAll().stream().map(d -> d.jid().toString()).toList()
                        : (phone.unlink(Jid.parse(body)) ? List.of(body) : List.of()));
                case "ban" -> {
                    Duration d = seconds(query);
                    phone.ban(d);
                    yield ok("permanent", d == null);
                }
                case "unban" -> {
                    phone.unban();
                    yield ok("unbanned", true);
                }
                case "restart" -> ok("connections", phone.sendRestart515());
                case "drop" -> ok("connections", phone.dropSocket());
                case "call" -> call(phone, body, query);
                default -> new Reply(404, error("unknown action " + action));
            };
        } catch (IllegalArgumentException e) {
            return new Reply(400, error(e.getMessage()));
        } catch (IllegalStateException e) {
            return new Reply(409, error(e.getMessage()));
        }
    }

    private static Reply call(FakePhone phone, String body, String query) {
        String device = body;
        boolean video = "true".equals(param(query, "video"));
        if (body.startsWith("{")) {
            try {
                var json = JSON.readTree(body);
                device = json.path("device").asText("");
                video = json.path("video").asBoolean(false);
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed JSON body");
            }
        }
        Jid target = device.isEmpty() ? phone.linkedDevices().stream().findFirst().map(LinkedDevice::jid)
                .orElseThrow(() -> new IllegalStateException("no linked device to call")) : Jid.parse(device);
        String callId = phone.callDevice(target, video);
        Reply reply = ok("callId", callId);
        reply.json().put("device", target.toString());
        reply.json().put("video", video);
        return reply;
    }

    private interface Linking {
        LinkedDevice run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private static Reply link(Linking linking) {
        try {
            return ok("device", StateJson.device(linking.run()));
        } catch (ExecutionException e) {
            return new Reply(409, error(String.valueOf(e.getCause().getMessage())));
        } catch (TimeoutException e) {
            return new Reply(504, error("the companion did not finish pairing in time"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(503, error("interrupted"));
        }
    }

    private static Duration seconds(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("seconds=")) {
                long s = Long.parseLong(pair.substring("seconds=".length()));
                if (s <= 0) {
                    throw new IllegalArgumentException("seconds must be positive");
                }
                return Duration.ofSeconds(s);
            }
        }
        return null;
    }

    private static String param(String query, String name) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return null;
    }

    private static Reply ok(String key, Object value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", true);
        json.put(key, value);
        return new Reply(200, json);
    }

    private static Map<String, Object> withOk(Map<String, Object> state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", true);
        json.putAll(state);
        return json;
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ok", false);
        json.put("error", message);
        return json;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
