package io.zapgate.wa.fake;

import static io.zapgate.wa.fake.HttpReplies.error;
import static io.zapgate.wa.fake.HttpReplies.ok;
import static io.zapgate.wa.fake.HttpReplies.param;
import static io.zapgate.wa.fake.HttpReplies.respond;
import static io.zapgate.wa.fake.HttpReplies.withOk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.fake.HttpReplies.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 *   <li>{@code POST /phone/push?kind=K&count=N} body = device JID, {@code {"device","kind","count"}} or empty
 *       (first linked device): a contact sends N (default 1) stanzas of {@link PushKind} K (default
 *       {@code message}); answers {@code {"ok":true,"device","kind","ids":[…],"live":bool}}, 409 if not linked;
 *       device {@code all}: N to every logged-in active companion, answers {@code {"ok":true,"pushed":TOTAL,…}}</li>
 *   <li>{@code GET /phone/state} → recordings, linked devices, delivery/acks and versions</li>
 *   <li>{@code GET /phone/stats} → counters only (connections, logins, IQs, active devices, delivery, the
 *       stanza → ack latency histogram in µs): cheap at any size</li>
 *   <li>{@code GET /web/}, {@code GET /web/sw.js}, {@code GET|POST /server/version}: see {@link VersionHttp}</li>
 * </ul>
 * Failures: 400 (bad input), 404 (unknown path), 405 (wrong method), 409 (pairing failed, device to call not
 * connected), 504 (pairing timed out).
 */
public final class ControlServer implements AutoCloseable {
    /** How long link requests wait for the companion to finish pairing. */
    public static final Duration PAIRING_TIMEOUT = Duration.ofSeconds(60);

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
        http.createContext("/web", exchange -> VersionHttp.web(fake, exchange));
        http.createContext("/server/", exchange -> VersionHttp.server(fake, exchange));
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return control;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI uri() {
        return URI.create(
                "http://" + FakeWhatsApp.HOST + ":" + http.getAddress().getPort());
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
            if (action.equals("state") || action.equals("stats")) {
                respond(
                        exchange,
                        get ? 200 : 405,
                        get
                                ? withOk(action.equals("state") ? StateJson.of(fake) : StateJson.stats(fake))
                                : error("use GET"));
            } else if (get || !exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, error("use POST"));
            } else {
                Reply reply = act(action, body, exchange.getRequestURI().getQuery());
                respond(exchange, reply.status(), reply.json());
            }
        }
    }

    private Reply act(String action, String body, String query) {
        FakePhone phone = fake.phone();
        try {
            return switch (action) {
                case "scan" -> link(() -> phone.scanQr(body).get(PAIRING_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                case "pair-code" ->
                    link(() -> phone.enterPairingCode(body).get(PAIRING_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                case "unlink" ->
                    ok(
                            "unlinked",
                            body.isEmpty()
                                    ? phone.unlinkAll().stream()
                                            .map(d -> d.jid().toString())
                                            .toList()
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
                case "call" -> PushHttp.call(phone, body, query);
                case "push" -> PushHttp.push(fake, body, query);
                default -> new Reply(404, error("unknown action " + action));
            };
        } catch (IllegalArgumentException e) {
            return new Reply(400, error(e.getMessage()));
        } catch (IllegalStateException e) {
            return new Reply(409, error(e.getMessage()));
        }
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
        String value = param(query, "seconds");
        if (value == null) {
            return null;
        }
        long s = Long.parseLong(value);
        if (s <= 0) {
            throw new IllegalArgumentException("seconds must be positive");
        }
        return Duration.ofSeconds(s);
    }
}
