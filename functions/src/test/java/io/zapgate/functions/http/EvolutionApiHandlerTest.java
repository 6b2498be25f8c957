package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.session.CommandResult;
import io.zapgate.functions.support.Services;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Evolution API v2 routes against in-memory ports and a scripted session host. */
class EvolutionApiHandlerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCommandBus bus = new InMemoryCommandBus();
    private final InMemoryCommandResults results = new InMemoryCommandResults();
    private final Services services = new Services(
            clock,
            store,
            store,
            store,
            new InMemoryRateLimiter(RateLimitPolicy.contract(), clock),
            bus,
            results,
            Duration.ofMillis(400),
            5,
            null);
    private final EvolutionApiHandler handler = new EvolutionApiHandler(services);
    private String key;
    private String accountId;

    @BeforeEach
    void setUp() {
        var created = services.createAccount.execute("A", 5, null);
        key = created.token();
        accountId = created.account().id();
    }

    private void host(CommandResult.Kind kind) {
        bus.onSend(c -> {
            if (c.requestId() != null && kind != null) {
                results.publish(new CommandResult(
                        c.requestId(),
                        c.accountId(),
                        c.instanceName(),
                        kind,
                        kind == CommandResult.Kind.QR ? "2@ref,noise,ident,adv,1" : null,
                        Instant.parse("2026-11-23T10:01:10Z"),
                        kind == CommandResult.Kind.PAIRING_CODE ? "ABCD-EFGH" : null,
                        null,
                        clock.instant()));
            }
        });
    }

    private record Reply(int status, String raw, JsonNode body) {}

    private Reply call(String route, String instance, String apikey, String body, Map<String, String> query)
            throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        APIGatewayV2HTTPEvent e = Events.request(method, route, instance, null, body, query);
        if (apikey != null) {
            e.getHeaders().put("apikey", apikey);
        }
        APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
        return new Reply(r.getStatusCode(), r.getBody(), JsonBody.MAPPER.readTree(r.getBody()));
    }

    private Reply create(String body) throws Exception {
        return call("POST /instance/create", null, key, body, null);
    }

    private Instance stored(String name) {
        return store.find(new InstanceKey(accountId, name)).orElseThrow();
    }

    private void state(String name, Connection c) {
        store.updateConnection(new InstanceKey(accountId, name), stored(name).id(), c);
    }

    @Test
    void createMapsOntoTheSharedInstanceModel() throws Exception {
        Reply r = create(
                "{\"instanceName\":\"wa\",\"integration\":\"WHATSAPP-BAILEYS\",\"token\":\"tok-evolution-00000000000000000000001\","
                        + "\"rejectCall\":true,\"msgCall\":\"busy\",\"groupsIgnore\":true,\"alwaysOnline\":true,"
                        + "\"readMessages\":true,\"syncFullHistory\":true,\"proxyHost\":\"proxy.example.com\","
                        + "\"proxyPort\":\"3128\",\"proxyProtocol\":\"http\",\"proxyUsername\":\"u\",\"proxyPassword\":\"p\","
                        + "\"webhook\":{\"url\":\"https://hooks.example.com/evo\",\"byEvents\":true,\"base64\":true,"
                        + "\"headers\":{\"Authorization\":\"Bearer x\",\"X-Tenant\":\"t1\"},"
                        + "\"events\":[\"CONNECTION_UPDATE\",\"QRCODE_UPDATED\"]}}");
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        assertThat(r.body().at("/instance/instanceName").asText()).isEqualTo("wa");
        assertThat(r.body().at("/instance/integration").asText()).isEqualTo("WHATSAPP-BAILEYS");
        assertThat(r.body().at("/instance/status").asText()).isEqualTo("close");
        assertThat(r.body().get("hash").asText()).isEqualTo("tok-evolution-00000000000000000000001");
        assertThat(r.body().at("/webhook/webhookUrl").asText()).isEqualTo("https://hooks.example.com/evo");
        assertThat(r.body().at("/webhook/webhookByEvents").asBoolean()).isTrue();
        assertThat(r.body().at("/webhook/webhookHeaders/X-Tenant").asText()).isEqualTo("***");
        assertThat(r.body().at("/settings/syncFullHistory").asBoolean()).isTrue();
        assertThat(r.body().at("/settings/msgCall").asText()).isEqualTo("busy");
        assertThat(r.body().at("/rabbitmq/enabled").asBoolean()).isFalse();
        assertThat(r.body().has("qrcode")).isFalse();

        Instance i = stored("wa");
        assertThat(i.id()).isEqualTo(r.body().at("/instance/instanceId").asText());
        assertThat(i.settings().autoRejectCalls()).isTrue();
        assertThat(i.settings().disableHistorySync()).isFalse();
        assertThat(i.settings().keepOnlineStatus()).isTrue();
        assertThat(i.proxy().enabled()).isTrue();
        assertThat(i.proxy().host()).isEqualTo("proxy.example.com");
        assertThat(i.webhook().format()).isEqualTo(WebhookSettings.Format.EVOLUTION);
        assertThat(i.webhook().authorization()).isEqualTo("Bearer x");
        assertThat(i.webhook().headers()).containsExactly(Map.entry("X-Tenant", "t1"));
        assertThat(i.webhook().events()).containsExactly("CONNECTION_UPDATE", "QRCODE_UPDATED");
        assertThat(i.webhook().signingSecret()).startsWith("whsec_");

        // the same instance through the RyzeAPI routes, with the token Evolution returned as hash
        APIGatewayV2HTTPResponse list = new ListInstancesHandler(services)
                .handleRequest(
                        Events.request(
                                "GET",
                                "GET /api/instance/list",
                                null,
                                "tok-evolution-00000000000000000000001",
                                null,
                                null),
                        null);
        assertThat(list.getStatusCode()).isEqualTo(200);
        assertThat(list.getBody()).contains("\"name\":\"wa\"");
    }

    @Test
    void createWithQrcodeAnswersTheQrAndWithANumberThePairingCode() throws Exception {
        host(CommandResult.Kind.QR);
        Reply qr = create("{\"instanceName\":\"wa\",\"qrcode\":true}");
        assertThat(qr.status()).as(qr.raw()).isEqualTo(201);
        assertThat(qr.body().at("/qrcode/code").asText()).isEqualTo("2@ref,noise,ident,adv,1");
        assertThat(qr.body().at("/qrcode/base64").asText()).startsWith("data:image/png;base64,");
        assertThat(qr.body().at("/instance/status").asText()).isEqualTo("connecting");
        bus.onSend(c -> {});
        host(CommandResult.Kind.PAIRING_CODE);
        Reply pair = create("{\"instanceName\":\"wb\",\"number\":\"5511987654321\"}");
        assertThat(pair.body().at("/qrcode/pairingCode").asText()).isEqualTo("ABCD-EFGH");
        assertThat(bus.sent())
                .last()
                .isInstanceOfSatisfying(
                        InstanceCommand.Connect.class,
                        c -> assertThat(c.phone()).isEqualTo("5511987654321"));
    }

    @Test
    void connectConnectionStateAndTheStateMapping() throws Exception {
        create("{\"instanceName\":\"wa\"}");
        assertThat(call("GET /instance/connectionState/{instance}", "wa", key, null, null)
                        .raw())
                .isEqualTo("{\"instance\":{\"instanceName\":\"wa\",\"state\":\"close\"}}");
        host(CommandResult.Kind.QR);
        Reply qr = call("GET /instance/connect/{instance}", "wa", key, null, null);
        assertThat(qr.status()).isEqualTo(200);
        assertThat(qr.body().get("pairingCode").isNull()).isTrue();
        assertThat(qr.body().get("code").asText()).isEqualTo("2@ref,noise,ident,adv,1");
        assertThat(qr.body().get("count").asInt()).isEqualTo(1);
        host(CommandResult.Kind.PAIRING_CODE);
        Reply pair = call("GET /instance/connect/{instance}", "wa", key, null, Map.of("number", "+5511987654321"));
        assertThat(pair.body().get("pairingCode").asText()).isEqualTo("ABCD-EFGH");

        state("wa", new Connection(InstanceState.CONNECTING, null, null, null, null, "2@q", null, false));
        assertThat(call("GET /instance/connectionState/{instance}", "wa", key, null, null)
                        .body()
                        .at("/instance/state")
                        .asText())
                .isEqualTo("connecting");
        // connecting: the QR on offer, no new link started
        int sent = bus.sent().size();
        assertThat(call("GET /instance/connect/{instance}", "wa", key, null, null)
                        .body()
                        .get("code")
                        .asText())
                .isEqualTo("2@q");
        assertThat(bus.sent()).hasSize(sent);
        state("wa", new Connection(InstanceState.CONNECTED, "5511987654321:3@s.whatsapp.net", null, null, null));
        assertThat(call("GET /instance/connectionState/{instance}", "wa", key, null, null)
                        .body()
                        .at("/instance/state")
                        .asText())
                .isEqualTo("open");
        // connect on an open instance answers the connectionState shape
        assertThat(call("GET /instance/connect/{instance}", "wa", key, null, null)
                        .raw())
                .isEqualTo("{\"instance\":{\"instanceName\":\"wa\",\"state\":\"open\"}}");
        for (InstanceState s :
                new InstanceState[] {InstanceState.DISCONNECTED, InstanceState.LOGGEDOUT, InstanceState.BANNED}) {
            state("wa", new Connection(s, null, null, null, null));
            assertThat(call("GET /instance/connectionState/{instance}", "wa", key, null, null)
                            .body()
                            .at("/instance/state")
                            .asText())
                    .as(s.wire())
                    .isEqualTo("close");
        }
    }

    @Test
    void fetchInstancesShowsTheReasonAndTimeAndAnInstanceTokenSeesOnlyItsOwn() throws Exception {
        create("{\"instanceName\":\"wa\",\"token\":\"tok-wa-0000000000000000000000000000001\"}");
        create("{\"instanceName\":\"wb\"}");
        Instant at = Instant.parse("2026-11-23T09:59:00Z");
        state(
                "wa",
                new Connection(
                        InstanceState.LOGGEDOUT,
                        null,
                        null,
                        null,
                        new LastDisconnect(DisconnectReason.LOGGED_OUT, null, at, null)));
        Reply all = call("GET /instance/fetchInstances", null, key, null, null);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).hasSize(2);
        JsonNode wa = all.body().get(0);
        assertThat(wa.get("name").asText()).isEqualTo("wa");
        assertThat(wa.get("connectionStatus").asText()).isEqualTo("close");
        assertThat(wa.get("disconnectionReasonCode").asInt()).isEqualTo(401);
        assertThat(wa.get("disconnectionAt").asText()).isEqualTo("2026-11-23T09:59:00Z");
        assertThat(wa.at("/disconnectionObject/reason").asText()).isEqualTo("logged_out");
        assertThat(wa.get("token").isNull()).isTrue();
        assertThat(wa.get("integration").asText()).isEqualTo("WHATSAPP-BAILEYS");
        assertThat(wa.has("_count")).isTrue();

        Reply own = call("GET /instance/fetchInstances", null, "tok-wa-0000000000000000000000000000001", null, null);
        assertThat(own.body()).hasSize(1);
        assertThat(own.body().get(0).get("name").asText()).isEqualTo("wa");
        Reply byName = call("GET /instance/fetchInstances", null, key, null, Map.of("instanceName", "wb"));
        assertThat(byName.body())
                .singleElement()
                .satisfies(n -> assertThat(n.get("name").asText()).isEqualTo("wb"));
        Reply byId = call(
                "GET /instance/fetchInstances",
                null,
                key,
                null,
                Map.of("instanceId", stored("wb").id()));
        assertThat(byId.body()).hasSize(1);
    }

    @Test
    void restartLogoutDeleteAndPresence() throws Exception {
        create("{\"instanceName\":\"wa\"}");
        state("wa", new Connection(InstanceState.CONNECTED, "1@s.whatsapp.net", null, null, null, null, null, true));
        Reply restart = call("POST /instance/restart/{instance}", "wa", key, null, null);
        assertThat(restart.raw()).isEqualTo("{\"instance\":{\"instanceName\":\"wa\",\"state\":\"open\"}}");
        assertThat(bus.sent()).last().isInstanceOf(InstanceCommand.Reconnect.class);
        state("wa", new Connection(InstanceState.DISCONNECTED, "1@s.whatsapp.net", null, null, null, null, null, true));
        Reply closed = call("POST /instance/restart/{instance}", "wa", key, null, null);
        assertThat(closed.raw()).isEqualTo("{\"instance\":{\"instanceName\":\"wa\",\"state\":\"connecting\"}}");
        state("wa", new Connection(InstanceState.CONNECTED, "1@s.whatsapp.net", null, null, null, null, null, true));

        Reply presence = call("POST /instance/setPresence/{instance}", "wa", key, "{\"presence\":\"available\"}", null);
        assertThat(presence.status()).isEqualTo(201);
        assertThat(presence.raw()).isEqualTo("{\"presence\":\"available\"}");
        assertThat(stored("wa").settings().keepOnlineStatus()).isTrue();

        host(CommandResult.Kind.DONE);
        Reply logout = call("DELETE /instance/logout/{instance}", "wa", key, null, null);
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.raw())
                .isEqualTo(
                        "{\"status\":\"SUCCESS\",\"error\":false,\"response\":{\"message\":\"Instance logged out\"}}");
        assertThat(bus.sent()).last().isInstanceOf(InstanceCommand.Logout.class);

        Reply delete = call("DELETE /instance/delete/{instance}", "wa", key, null, null);
        assertThat(delete.raw())
                .isEqualTo("{\"status\":\"SUCCESS\",\"error\":false,\"response\":{\"message\":\"Instance deleted\"}}");
        assertThat(store.find(new InstanceKey(accountId, "wa"))).isEmpty();
    }

    @Test
    void webhookSetAndFind() throws Exception {
        create("{\"instanceName\":\"wa\"}");
        assertThat(call("GET /webhook/find/{instance}", "wa", key, null, null).raw())
                .isEqualTo("null");
        Reply set = call(
                "POST /webhook/set/{instance}",
                "wa",
                key,
                "{\"webhook\":{\"enabled\":true,\"url\":\"https://hooks.example.com/w\",\"byEvents\":false,"
                        + "\"base64\":false,\"events\":[\"QRCODE_UPDATED\"]}}",
                null);
        assertThat(set.status()).as(set.raw()).isEqualTo(201);
        assertThat(set.body().get("url").asText()).isEqualTo("https://hooks.example.com/w");
        assertThat(set.body().get("enabled").asBoolean()).isTrue();
        assertThat(set.body().get("events").toString()).isEqualTo("[\"QRCODE_UPDATED\"]");
        assertThat(set.body().get("instanceId").asText()).isEqualTo(stored("wa").id());
        assertThat(set.body().get("updatedAt").asText()).isEqualTo("2026-11-23T10:00:10Z");
        String secret = set.body().get("signingSecret").asText();
        Reply find = call("GET /webhook/find/{instance}", "wa", key, null, null);
        assertThat(find.body().get("url").asText()).isEqualTo("https://hooks.example.com/w");
        assertThat(find.body().has("signingSecret")).isFalse();
        // enabled without events (Evolution: 500): every event, the secret kept
        Reply noEvents = call(
                "POST /webhook/set/{instance}",
                "wa",
                key,
                "{\"webhook\":{\"enabled\":true,\"url\":\"https://hooks.example.com/w2\"}}",
                null);
        assertThat(noEvents.status()).isEqualTo(201);
        assertThat(noEvents.body().get("events").toString()).isEqualTo("[]");
        assertThat(noEvents.body().get("signingSecret").asText()).isEqualTo(secret);
        assertThat(stored("wa").webhook().format()).isEqualTo(WebhookSettings.Format.EVOLUTION);
    }

    // ------------------------------------------------------------ every error row of EVOLUTION-API.md

    @Test
    void error400IsAnArrayOfMessages() throws Exception {
        create("{\"instanceName\":\"wa\"}");
        Reply r = call("DELETE /instance/logout/{instance}", "wa", key, null, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.raw())
                .isEqualTo("{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":"
                        + "[\"The \\\"wa\\\" instance is not connected\"]}}");
        Reply field = create("{\"instanceName\":\"wz\",\"integration\":\"WHATSAPP-BUSINESS\"}");
        assertThat(field.raw())
                .isEqualTo(
                        "{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":"
                                + "[\"integration WHATSAPP-BUSINESS is not supported: Zapgate serves WHATSAPP-BAILEYS only\"]}}");
        Reply other = create("{\"instanceName\":\"wz\",\"integration\":\"BAILEYS\"}");
        assertThat(other.body().at("/response/message/0").asText()).isEqualTo("integration must be WHATSAPP-BAILEYS");
        Reply restartClosed = call("POST /instance/restart/{instance}", "wa", key, null, null);
        assertThat(restartClosed.raw())
                .isEqualTo("{\"status\":400,\"error\":\"Bad Request\",\"response\":{\"message\":"
                        + "[\"The \\\"wa\\\" instance has no saved session: call /instance/connect first\"]}}");
        Reply hookWithoutUrl =
                call("POST /webhook/set/{instance}", "wa", key, "{\"webhook\":{\"enabled\":true}}", null);
        assertThat(hookWithoutUrl.body().at("/response/message/0").asText())
                .isEqualTo("webhook.url is required when the webhook is enabled");
        Reply presence = call("POST /instance/setPresence/{instance}", "wa", key, "{\"presence\":\"away\"}", null);
        assertThat(presence.status()).isEqualTo(400);
        assertThat(stored("wa").webhook().enabled()).isFalse();
    }

    @Test
    void error401IsThePlainStringUnauthorized() throws Exception {
        create("{\"instanceName\":\"wa\",\"token\":\"tok-wa-0000000000000000000000000000001\"}");
        create("{\"instanceName\":\"wb\"}");
        String unauthorized = "{\"status\":401,\"error\":\"Unauthorized\",\"response\":{\"message\":\"Unauthorized\"}}";
        assertThat(call("GET /instance/connectionState/{instance}", "wa", "wrong-key", null, null)
                        .raw())
                .isEqualTo(unauthorized);
        assertThat(call("GET /instance/connectionState/{instance}", "wa", null, null, null)
                        .raw())
                .isEqualTo(unauthorized);
        // an instance token on another instance, and on create (global key only)
        assertThat(call(
                                "GET /instance/connectionState/{instance}",
                                "wb",
                                "tok-wa-0000000000000000000000000000001",
                                null,
                                null)
                        .raw())
                .isEqualTo(unauthorized);
        assertThat(call(
                                "POST /instance/create",
                                null,
                                "tok-wa-0000000000000000000000000000001",
                                "{\"instanceName\":\"wc\"}",
                                null)
                        .raw())
                .isEqualTo(unauthorized);
        // authentication comes first: an unknown name with a bad key is a 401, not Evolution's 404
        assertThat(call("GET /instance/connectionState/{instance}", "nope", "wrong-key", null, null)
                        .raw())
                .isEqualTo(unauthorized);
        assertThat(call(
                                "GET /instance/connectionState/{instance}",
                                "wa",
                                "tok-wa-0000000000000000000000000000001",
                                null,
                                null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void error403IsTheNameInUse() throws Exception {
        create("{\"instanceName\":\"wa\"}");
        Reply r = create("{\"instanceName\":\"wa\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.raw())
                .isEqualTo("{\"status\":403,\"error\":\"Forbidden\",\"response\":{\"message\":"
                        + "[\"This name \\\"wa\\\" is already in use.\"]}}");
    }

    @Test
    void error404IsTheUnknownInstance() throws Exception {
        String expected = "{\"status\":404,\"error\":\"Not Found\",\"response\":{\"message\":"
                + "[\"The \\\"nope\\\" instance does not exist\"]}}";
        for (String route : new String[] {
            "GET /instance/connect/{instance}",
            "GET /instance/connectionState/{instance}",
            "POST /instance/restart/{instance}",
            "DELETE /instance/logout/{instance}",
            "DELETE /instance/delete/{instance}",
            "GET /webhook/find/{instance}"
        }) {
            Reply r = call(route, "nope", key, null, null);
            assertThat(r.status()).as(route).isEqualTo(404);
            assertThat(r.raw()).as(route).isEqualTo(expected);
        }
        assertThat(call("GET /instance/fetchInstances", null, key, null, Map.of("instanceName", "nope"))
                        .raw())
                .isEqualTo(expected);
    }

    @Test
    void otherClientErrorsKeepTheShapeWithAnArray() throws Exception {
        create("{\"instanceName\":\"wa\",\"token\":\"tok-wa-0000000000000000000000000000001\"}");
        Reply tokenTaken = create("{\"instanceName\":\"wb\",\"token\":\"tok-wa-0000000000000000000000000000001\"}");
        assertThat(tokenTaken.raw())
                .isEqualTo("{\"status\":409,\"error\":\"Conflict\",\"response\":{\"message\":"
                        + "[\"Token already in use\"]}}");
        Reply reserved = call(
                "POST /webhook/set/{instance}",
                "wa",
                key,
                "{\"webhook\":{\"url\":\"https://h.example.com\",\"headers\":{\"X-Zapgate-Signature\":\"x\"}}}",
                null);
        assertThat(reserved.body().at("/response/message/0").asText())
                .isEqualTo("webhook.headers.X-Zapgate-Signature cannot be set");
        Reply malformed = create("{\"instanceName\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().at("/response/message/0").asText()).startsWith("Malformed JSON body");
        Reply unknown = create("{\"instanceName\":\"wc\",\"chatwootUrl\":\"x\"}");
        assertThat(unknown.body().at("/response/message/0").asText()).isEqualTo("Unknown field 'chatwootUrl'");
        // rate limited: 429 in the same shape, with Retry-After
        APIGatewayV2HTTPResponse last = null;
        for (int n = 0; n < 101; n++) {
            APIGatewayV2HTTPEvent e =
                    Events.request("GET", "GET /instance/connectionState/{instance}", "wa", null, null, null);
            e.getHeaders().put("apikey", key);
            last = handler.handleRequest(e, null);
        }
        assertThat(last.getStatusCode()).isEqualTo(429);
        assertThat(last.getBody())
                .isEqualTo("{\"status\":429,\"error\":\"Too Many Requests\",\"response\":{\"message\":"
                        + "[\"Rate limit exceeded. Try again later.\"]}}");
        assertThat(last.getHeaders()).containsKeys("Retry-After", "X-RateLimit-Limit");
    }

    @Test
    void behindCloudFrontARequestWithoutTheOriginHeaderIsRefusedBeforeAuth() throws Exception {
        services.requireOrigin("origin-secret-origin-secret-00000");
        try {
            Reply r = call("GET /instance/fetchInstances", null, key, null, null);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.raw())
                    .isEqualTo("{\"status\":403,\"error\":\"Forbidden\",\"response\":{\"message\":"
                            + "[\"Forbidden: call the API through its CloudFront address\"]}}");
        } finally {
            services.requireOrigin(null);
        }
    }

    @Test
    void error500IsAString() throws Exception {
        create("{\"instanceName\":\"wa\"}");
        host(null); // the session host never answers
        Reply r = call("GET /instance/connect/{instance}", "wa", key, null, null);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.raw())
                .isEqualTo("{\"status\":500,\"error\":\"Internal Server Error\",\"response\":{\"message\":"
                        + "\"Failed to generate QR code\"}}");
    }
}
