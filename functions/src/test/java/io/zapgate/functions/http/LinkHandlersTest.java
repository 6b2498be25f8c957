package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.session.CommandResult;
import io.zapgate.functions.support.Services;
import io.zapgate.testsupport.MutableClock;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connect / reconnect / logout handlers against a scripted session host. */
class LinkHandlersTest {
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
    private String token;
    private String accountId;

    @BeforeEach
    void setUp() {
        var created = services.createAccount.execute("A", 5, null);
        token = created.token();
        accountId = created.account().id();
        new CreateInstanceHandler(services)
                .handleRequest(
                        Events.request("POST", "POST /api/instance/new", null, token, "{\"name\":\"wa\"}", null), null);
    }

    private void host(CommandResult.Kind kind) {
        bus.onSend(c -> {
            if (c.requestId() != null && kind != null) {
                results.publish(new CommandResult(
                        c.requestId(),
                        c.accountId(),
                        c.instanceName(),
                        kind,
                        "2@ref,noise,ident,adv,1",
                        Instant.parse("2026-11-23T10:01:10Z"),
                        "ABCD-EFGH",
                        null,
                        clock.instant()));
            }
        });
    }

    private JsonNode call(ApiHandler h, String method, String route, Map<String, String> query) throws Exception {
        APIGatewayV2HTTPResponse r = h.handleRequest(Events.request(method, route, "wa", token, null, query), null);
        JsonNode n = JsonBody.MAPPER.readTree(r.getBody());
        ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("_status", r.getStatusCode());
        return n;
    }

    @Test
    void connectAnswersWithAScannableQr() throws Exception {
        host(CommandResult.Kind.QR);
        JsonNode r = call(new ConnectHandler(services), "GET", "GET /api/instance/connect/{instance}", Map.of());
        assertThat(r.get("message").asText()).isEqualTo("QR code generated");
        assertThat(r.get("status").asText()).isEqualTo("qr");
        assertThat(r.get("qrCode").asText()).isEqualTo("2@ref,noise,ident,adv,1");
        assertThat(r.get("expiresAt").asLong())
                .isEqualTo(Instant.parse("2026-11-23T10:01:10Z").toEpochMilli());
        String png = r.get("qrCodeBase64").asText();
        assertThat(png).startsWith("data:image/png;base64,");
        var image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.substring(22))));
        String decoded = new QRCodeReader()
                .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
                .getText();
        assertThat(decoded).isEqualTo("2@ref,noise,ident,adv,1");
    }

    @Test
    void connectWithANumberAnswersWithAPairingCode() throws Exception {
        host(CommandResult.Kind.PAIRING_CODE);
        JsonNode r = call(
                new ConnectHandler(services),
                "GET",
                "GET /api/instance/connect/{instance}",
                Map.of("number", "+55 11 98765-4321", "history", "30"));
        assertThat(r.get("message").asText()).isEqualTo("Pairing code generated");
        assertThat(r.get("pairingCode").asText()).isEqualTo("ABCD-EFGH");
        assertThat(bus.sent().get(0)).isInstanceOfSatisfying(InstanceCommand.Connect.class, c -> {
            assertThat(c.phone()).isEqualTo("5511987654321");
            assertThat(c.historyDays()).isEqualTo(30);
        });
    }

    @Test
    void connectErrors() throws Exception {
        host(null);
        JsonNode timeout = call(new ConnectHandler(services), "GET", "GET /api/instance/connect/{instance}", Map.of());
        assertThat(timeout.get("_status").asInt()).isEqualTo(500);
        assertThat(timeout.at("/error/message").asText()).isEqualTo("Failed to generate QR code");
        JsonNode badNumber = call(
                new ConnectHandler(services), "GET", "GET /api/instance/connect/{instance}", Map.of("number", "12ab"));
        assertThat(badNumber.get("_status").asInt()).isEqualTo(400);
        JsonNode badHistory = call(
                new ConnectHandler(services), "GET", "GET /api/instance/connect/{instance}", Map.of("history", "-3"));
        assertThat(badHistory.at("/error/message").asText()).startsWith("history must be a whole number");
        store.updateConnection(
                new InstanceKey(accountId, "wa"),
                store.find(new InstanceKey(accountId, "wa")).orElseThrow().id(),
                new Connection(InstanceState.CONNECTED, "1@s.whatsapp.net", null, null, null, null, null, true));
        JsonNode already = call(new ConnectHandler(services), "GET", "GET /api/instance/connect/{instance}", Map.of());
        assertThat(already.toString())
                .contains("\"message\":\"Instance already connected\"", "\"status\":\"connected\"");
    }

    @Test
    void reconnectAndLogout() throws Exception {
        JsonNode none =
                call(new ReconnectHandler(services), "POST", "POST /api/instance/reconnect/{instance}", Map.of());
        assertThat(none.get("_status").asInt()).isEqualTo(400);
        assertThat(none.at("/error/message").asText()).isEqualTo("Instance has no saved session — call /connect first");
        store.updateConnection(
                new InstanceKey(accountId, "wa"),
                store.find(new InstanceKey(accountId, "wa")).orElseThrow().id(),
                new Connection(InstanceState.DISCONNECTED, "1@s.whatsapp.net", null, null, null, null, null, true));
        JsonNode ok = call(new ReconnectHandler(services), "POST", "POST /api/instance/reconnect/{instance}", Map.of());
        assertThat(ok.toString()).contains("\"message\":\"Reconnect initiated\"", "\"status\":\"connecting\"");
        assertThat(bus.sent().get(bus.sent().size() - 1)).isInstanceOf(InstanceCommand.Reconnect.class);
        host(CommandResult.Kind.DONE);
        JsonNode out = call(new LogoutHandler(services), "DELETE", "DELETE /api/instance/logout/{instance}", Map.of());
        assertThat(out.toString()).contains("\"message\":\"Instance logged out\"", "\"status\":\"loggedout\"");
        host(CommandResult.Kind.FAILED);
        JsonNode failed =
                call(new LogoutHandler(services), "DELETE", "DELETE /api/instance/logout/{instance}", Map.of());
        assertThat(failed.at("/error/message").asText()).isEqualTo("Failed to logout instance");
    }
}
