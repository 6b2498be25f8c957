package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.core.session.WebhookSignature;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.transport.TestProxy;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An Evolution API v2 client's whole instance life on the local stack, against the offline fake WhatsApp: create
 * with an inline webhook and proxy → connect (QR) → the fake phone scans → {@code open} → Evolution-envelope
 * webhooks → restart → logout → connect {@code ?number=} (pairing code) → delete; and the same instance seen
 * through the RyzeAPI routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvolutionApiE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private FakeWhatsApp fake;
    private LocalStack stack;
    private Api api;
    private WebhookReceiver hook;
    private TestProxy proxy;

    @BeforeAll
    void start() throws Exception {
        fake = FakeWhatsApp.start();
        hook = new WebhookReceiver();
        proxy = TestProxy.httpConnect("zap", "s3cret", null);
        stack = StackFixture.startWith(fake, "ZAPGATE_WEBHOOK_BACKOFF_SECONDS", "0");
        api = new Api(stack.baseUrl());
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (fake != null) {
            fake.close();
        }
        if (hook != null) {
            hook.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** A call the way Evolution clients make it: the key in {@code apikey}. */
    private Api.Reply evo(String method, String path, String apikey, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + path))
                .timeout(Duration.ofSeconds(40))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (apikey != null) {
            b.header("apikey", apikey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return api.send(b.build());
    }

    private String state(String name, String key) {
        Api.Reply r = evo("GET", "/instance/connectionState/" + name, key, null);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        return r.body().at("/instance/state").asText();
    }

    private void awaitState(String name, String key, String state) {
        Await.value(name + " " + state, WAIT, () -> state(name, key), state::equals);
    }

    /** The first webhook call to {@code path} whose body satisfies {@code ok}. */
    private WebhookReceiver.Call awaitCall(String path, java.util.function.Predicate<JsonNode> ok) {
        return Await.value(
                        "webhook " + path,
                        WAIT,
                        () -> hook.calls().stream()
                                .filter(c -> c.path().equals(path) && ok.test(read(c.body())))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anEvolutionClientRunsAnInstanceEndToEnd() {
        String account = stack.accountToken();
        Api.Reply created = evo(
                "POST",
                "/instance/create",
                account,
                "{\"instanceName\":\"evo\",\"integration\":\"WHATSAPP-BAILEYS\",\"qrcode\":false,"
                        + "\"proxyHost\":\"localhost\",\"proxyPort\":\"" + proxy.port()
                        + "\",\"proxyProtocol\":\"http\","
                        + "\"proxyUsername\":\"zap\",\"proxyPassword\":\"s3cret\","
                        + "\"webhook\":{\"url\":\"" + hook.url() + "\",\"byEvents\":true,\"base64\":false,"
                        + "\"headers\":{\"X-Tenant\":\"t1\"},\"events\":[\"CONNECTION_UPDATE\",\"QRCODE_UPDATED\"]}}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.body().at("/instance/status").asText()).isEqualTo("close");
        String hash = created.body().get("hash").asText();
        String secret = created.body().at("/webhook/signingSecret").asText();
        assertThat(hash).isNotBlank();

        // connect with the instance's own token: waits for the real QR (Evolution's {count:0} trap)
        Api.Reply qr = evo("GET", "/instance/connect/evo", hash, null);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        String code = qr.body().get("code").asText();
        assertThat(code).startsWith("https://wa.me/settings/linked_devices#");
        assertThat(qr.body().get("base64").asText()).startsWith("data:image/png;base64,");
        assertThat(qr.body().get("pairingCode").isNull()).isTrue();
        assertThat(state("evo", hash)).isEqualTo("connecting");

        fake.phone().scanQr(code).join();
        awaitState("evo", hash, "open");
        assertThat(proxy.targets).as("linked through the instance's proxy").contains("127.0.0.1:" + fake.port());

        // webhooks in Evolution's envelope, by event, signed, with the configured header
        WebhookReceiver.Call qrCall = awaitCall(
                "/hooks/qrcode-updated",
                b -> code.equals(b.at("/data/qrcode/code").asText()));
        JsonNode q = read(qrCall.body());
        assertThat(q.get("event").asText()).isEqualTo("qrcode.updated");
        assertThat(q.get("instance").asText()).isEqualTo("evo");
        assertThat(q.at("/data/qrcode/instance").asText()).isEqualTo("evo");
        assertThat(q.at("/data/qrcode/base64").asText()).startsWith("data:image/png;base64,");
        assertThat(q.get("destination").asText()).isEqualTo(hook.url() + "/qrcode-updated");
        assertThat(q.has("date_time")).isTrue();
        assertThat(q.has("server_url")).isTrue();
        assertThat(q.has("apikey")).isTrue();
        assertThat(qrCall.headers()).containsEntry("X-Tenant", "t1");
        long ts = Long.parseLong(qrCall.headers().get("X-Zapgate-Timestamp"));
        assertThat(WebhookSignature.verify(
                        secret, ts, qrCall.body(), qrCall.headers().get("X-Zapgate-Signature")))
                .isTrue();
        WebhookReceiver.Call open = awaitCall(
                "/hooks/connection-update",
                b -> "open".equals(b.at("/data/state").asText()));
        JsonNode o = read(open.body());
        assertThat(o.get("event").asText()).isEqualTo("connection.update");
        assertThat(o.at("/data/instance").asText()).isEqualTo("evo");
        assertThat(o.at("/data/statusReason").asInt()).isEqualTo(200);
        assertThat(o.at("/data/wuid").asText()).startsWith(fake.phone().phoneNumber());
        assertThat(o.at("/data").has("profileName")).isTrue();
        assertThat(o.at("/data").has("profilePictureUrl")).isTrue();
        assertThat(hook.calls()).noneMatch(c -> c.body().contains("\"instance.state\""));

        // fetchInstances (account key) and the same instance through the RyzeAPI routes
        Api.Reply fetched = evo("GET", "/instance/fetchInstances?instanceName=evo", account, null);
        assertThat(fetched.status()).as(fetched.raw().body()).isEqualTo(200);
        JsonNode item = fetched.body().get(0);
        assertThat(item.get("connectionStatus").asText()).isEqualTo("open");
        assertThat(item.get("ownerJid").asText()).startsWith(fake.phone().phoneNumber());
        assertThat(item.at("/Proxy/host").asText()).isEqualTo("localhost");
        assertThat(item.at("/Proxy/password").isNull()).isTrue();
        Api.Reply ryze = api.get("/api/instance/list", hash);
        assertThat(ryze.body().at("/instances/0/connection/state").asText()).isEqualTo("connected");
        Api.Reply hookRow = evo("GET", "/webhook/find/evo", hash, null);
        assertThat(hookRow.body().get("url").asText()).isEqualTo(hook.url());
        assertThat(hookRow.body().get("events").toString()).isEqualTo("[\"CONNECTION_UPDATE\",\"QRCODE_UPDATED\"]");

        // restart of a live session keeps it (no QR, no second socket)
        int sockets = fake.recordings().connectionCount();
        Api.Reply restart = evo("POST", "/instance/restart/evo", hash, null);
        assertThat(restart.status()).as(restart.raw().body()).isEqualTo(200);
        assertThat(restart.raw().body()).isEqualTo("{\"instance\":{\"instanceName\":\"evo\",\"state\":\"open\"}}");
        assertThat(fake.recordings().connectionCount()).isEqualTo(sockets);
        awaitState("evo", hash, "open");

        // logout waits for the unlink; a second one is Evolution's 400
        Api.Reply logout = evo("DELETE", "/instance/logout/evo", hash, null);
        assertThat(logout.status()).as(logout.raw().body()).isEqualTo(200);
        assertThat(logout.raw().body())
                .isEqualTo(
                        "{\"status\":\"SUCCESS\",\"error\":false,\"response\":{\"message\":\"Instance logged out\"}}");
        assertThat(state("evo", hash)).isEqualTo("close");
        awaitCall(
                "/hooks/connection-update",
                b -> "close".equals(b.at("/data/state").asText())
                        && b.at("/data/statusReason").asInt() == 401);
        Api.Reply again = evo("DELETE", "/instance/logout/evo", hash, null);
        assertThat(again.raw().body())
                .isEqualTo("{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":"
                        + "[\"The \\\"evo\\\" instance is not connected\"]}}");
        // restart without a saved session: a proper 400 (Evolution: 200 {error:true, "[object Object]"})
        Api.Reply noSession = evo("POST", "/instance/restart/evo", hash, null);
        assertThat(noSession.raw().body())
                .isEqualTo("{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":"
                        + "[\"The \\\"evo\\\" instance has no saved session: call /instance/connect first\"]}}");
        Api.Reply reason = evo("GET", "/instance/fetchInstances", hash, null);
        assertThat(reason.body()).hasSize(1);
        assertThat(reason.body().get(0).get("disconnectionReasonCode").asInt()).isEqualTo(401);
        assertThat(reason.body().get(0).get("disconnectionAt").asText()).isNotBlank();

        // link again with a pairing code (?number=)
        Api.Reply pairing =
                evo("GET", "/instance/connect/evo?number=%2B" + fake.phone().phoneNumber(), hash, null);
        assertThat(pairing.status()).as(pairing.raw().body()).isEqualTo(200);
        String pairingCode = pairing.body().get("pairingCode").asText();
        assertThat(pairingCode).matches("[A-Z0-9]{4}-[A-Z0-9]{4}");
        fake.phone().enterPairingCode(pairingCode).join();
        awaitState("evo", hash, "open");

        // delete (global key) logs the open instance out first; the name is then unknown
        Api.Reply delete = evo("DELETE", "/instance/delete/evo", account, null);
        assertThat(delete.status()).as(delete.raw().body()).isEqualTo(200);
        assertThat(delete.raw().body())
                .isEqualTo("{\"status\":\"SUCCESS\",\"error\":false,\"response\":{\"message\":\"Instance deleted\"}}");
        Api.Reply gone = evo("GET", "/instance/connectionState/evo", account, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.raw().body())
                .isEqualTo("{\"status\":404,\"error\":\"Not Found\",\"response\":{\"message\":"
                        + "[\"The \\\"evo\\\" instance does not exist\"]}}");
    }

    @Test
    void theErrorRowsOverRealHttp() {
        String account = stack.accountToken();
        assertThat(evo("GET", "/instance/connectionState/missing", "not-a-key", null)
                        .raw()
                        .body())
                .isEqualTo("{\"status\":401,\"error\":\"Unauthorized\",\"response\":{\"message\":\"Unauthorized\"}}");
        assertThat(evo("POST", "/instance/create", account, "{\"instanceName\":\"dup\"}")
                        .status())
                .isEqualTo(201);
        Api.Reply taken = evo("POST", "/instance/create", account, "{\"instanceName\":\"dup\"}");
        assertThat(taken.status()).isEqualTo(403);
        assertThat(taken.raw().body())
                .isEqualTo("{\"status\":403,\"error\":\"Forbidden\",\"response\":{\"message\":"
                        + "[\"This name \\\"dup\\\" is already in use.\"]}}");
        Api.Reply bad = evo("POST", "/webhook/set/dup", account, "{\"webhook\":{\"enabled\":true}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().at("/response/message").isArray()).isTrue();
        List<String> expected = List.of("webhook.url is required when the webhook is enabled");
        assertThat(bad.body().at("/response/message/0").asText()).isEqualTo(expected.get(0));
    }
}
