package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.fake.InMemoryCommandBus;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.functions.support.Services;
import io.zapgate.testsupport.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every handler on in-memory fakes: the envelope, the messages, the auth matrix, headers and bad input. */
class HandlersTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryCommandBus bus = new InMemoryCommandBus();
    private final io.zapgate.core.fake.InMemoryCommandResults results =
            new io.zapgate.core.fake.InMemoryCommandResults();
    private final Services services = new Services(
            clock,
            store,
            store,
            store,
            new InMemoryRateLimiter(RateLimitPolicy.contract(), clock),
            bus,
            results,
            java.time.Duration.ofMillis(500),
            2,
            "admin-secret-admin-secret-admin-1");
    private String accountToken;

    @BeforeEach
    void setUp() {
        accountToken = services.createAccount.execute("Acme", 2, null).token();
    }

    private static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return JsonBody.MAPPER.readTree(r.getBody());
    }

    private APIGatewayV2HTTPResponse create(String token, String body) {
        return new CreateInstanceHandler(services)
                .handleRequest(Events.request("POST", "POST /api/instance/new", null, token, body, null), null);
    }

    private String newInstance(String name) throws Exception {
        APIGatewayV2HTTPResponse r = create(accountToken, "{\"name\":\"" + name + "\"}");
        assertThat(r.getStatusCode()).isEqualTo(201);
        return json(r).at("/instance/token").asText();
    }

    @Test
    void createReturnsTheInstanceAndItsTokenOnce() throws Exception {
        APIGatewayV2HTTPResponse r = create(
                accountToken,
                "{\"name\":\"main\",\"proxyHost\":\"p.example\","
                        + "\"proxyPort\":\"1080\",\"proxyProtocol\":\"socks5\",\"proxyPassword\":\"pw\",\"proxyUsername\":\"u\","
                        + "\"webhookURL\":\"https://h.example/x\",\"disableHistorySync\":false}");
        JsonNode body = json(r);
        assertThat(r.getStatusCode()).isEqualTo(201);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("message").asText()).isEqualTo("Instance created");
        assertThat(body.at("/instance/name").asText()).isEqualTo("main");
        assertThat(body.at("/instance/state").asText()).isEqualTo("disconnected");
        assertThat(body.at("/instance/token").asText()).hasSizeGreaterThan(30);
        assertThat(body.at("/instance/proxy/enabled").asBoolean()).isTrue();
        assertThat(body.at("/instance/proxy/password").isNull()).isTrue();
        assertThat(body.at("/instance/settings/disableHistorySync").asBoolean()).isFalse();
        assertThat(r.getBody()).doesNotContain("\"pw\"");
        assertThat(r.getHeaders())
                .containsEntry("X-RateLimit-Limit", "20")
                .containsEntry("X-RateLimit-Remaining", "19")
                .containsEntry(
                        "X-RateLimit-Reset",
                        Long.toString(Instant.parse("2026-11-23T10:01:00Z").getEpochSecond()));
    }

    @Test
    void badCreateBodiesAre400sAndStoreNothing() throws Exception {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{not json", "Malformed JSON body"),
                Map.entry("[1,2]", "Request body must be a JSON object"),
                Map.entry("", "Request body is required (a JSON object)"),
                Map.entry("{\"name\":5}", "Field 'name' must be a string"),
                Map.entry("{\"name\":\"a\",\"colour\":1}", "Unknown field 'colour'"),
                Map.entry("{\"name\":\"bad name!\"}", "Invalid instance name"),
                Map.entry("{}", "Instance name is required"),
                Map.entry(
                        "{\"name\":\"a\",\"proxyHost\":\"h.example\",\"proxyPort\":\"99999\",\"proxyProtocol\":\"http\"}",
                        "proxyPort must be a port number from 1 to 65535"),
                Map.entry(
                        "{\"name\":\"a\",\"proxyHost\":\"h.example\",\"proxyPort\":\"80\",\"proxyProtocol\":\"ftp\"}",
                        "proxyProtocol must be one of http, https, socks5"),
                Map.entry("{\"name\":\"a\",\"webhookURL\":\"not-a-url\"}", "webhookURL must be an absolute http"),
                Map.entry(
                        "{\"name\":\"a\",\"chatwootEnabled\":true,\"chatwootBaseUrl\":\"ftp://x\"}",
                        "chatwootBaseUrl must be an absolute http"),
                Map.entry(
                        "{\"name\":\"a\",\"chatwootBaseUrl\":\"https://c.example\",\"chatwootAccountId\":\"7\"}",
                        "Field 'chatwootAccountId' must be a whole number"),
                Map.entry(
                        "{\"name\":\"a\",\"keepOnlineStatus\":\"yes\"}",
                        "Field 'keepOnlineStatus' must be true or false"),
                Map.entry("{\"name\":\"a\",\"name\":\"b\"}", "Malformed JSON body"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            APIGatewayV2HTTPResponse r = create(accountToken, c.getKey());
            assertThat(r.getStatusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(json(r).at("/error/message").asText()).as(c.getKey()).startsWith(c.getValue());
            assertThat(json(r).get("success").asBoolean()).isFalse();
        }
        String huge = "{\"name\":\"a\",\"callRejectMessage\":\"" + "x".repeat(70_000) + "\"}";
        assertThat(json(create(accountToken, huge)).at("/error/message").asText())
                .startsWith("Request body too large");
        assertThat(store.listByAccount(store.lookup(io.zapgate.core.auth.TokenHash.of(accountToken))
                        .orElseThrow()
                        .accountId()))
                .isEmpty();
    }

    @Test
    void authMatrix() throws Exception {
        String tokA = newInstance("a");
        newInstance("b");
        var getSettings = new GetSettingsHandler(services);
        var list = new ListInstancesHandler(services);
        assertThat(status(getSettings.handleRequest(get("a", null), null))).isEqualTo(401);
        assertThat(json(getSettings.handleRequest(get("a", null), null))
                        .at("/error/message")
                        .asText())
                .isEqualTo("Missing token in header");
        assertThat(json(getSettings.handleRequest(get("a", "nope"), null))
                        .at("/error/message")
                        .asText())
                .isEqualTo("Invalid token");
        assertThat(json(getSettings.handleRequest(get("b", tokA), null))
                        .at("/error/message")
                        .asText())
                .isEqualTo("Invalid instance token");
        assertThat(status(getSettings.handleRequest(get("a", tokA), null))).isEqualTo(200);
        assertThat(status(getSettings.handleRequest(get("a", accountToken), null)))
                .isEqualTo(200);
        assertThat(json(getSettings.handleRequest(get("zzz", accountToken), null))
                        .at("/error/message")
                        .asText())
                .isEqualTo("Instance not found");
        assertThat(json(getSettings.handleRequest(get("", accountToken), null))
                        .at("/error/message")
                        .asText())
                .isEqualTo("Instance name is required");
        assertThat(json(create(tokA, "{\"name\":\"c\"}")).at("/error/message").asText())
                .isEqualTo("Invalid token");
        var del = new DeleteInstanceHandler(services)
                .handleRequest(
                        Events.request("DELETE", "DELETE /api/instance/delete/{instance}", "a", tokA, null, null),
                        null);
        assertThat(json(del).at("/error/message").asText()).isEqualTo("Invalid token");
        JsonNode own = json(list.handleRequest(
                Events.request("GET", "GET /api/instance/list", null, tokA, null, Map.of("instanceName", "b")), null));
        assertThat(own.get("message").asText()).isEqualTo("1 Instance found");
        assertThat(own.at("/instances/0/name").asText()).isEqualTo("a");
        var auth = Events.request("GET", "GET /api/instance/list", null, null, null, null);
        auth.getHeaders().put("Authorization", "Bearer " + accountToken);
        assertThat(json(list.handleRequest(auth, null)).get("message").asText()).isEqualTo("2 Instances found");
    }

    @Test
    void quotaAndDuplicates() throws Exception {
        newInstance("one");
        assertThat(status(create(accountToken, "{\"name\":\"one\"}"))).isEqualTo(409);
        newInstance("two");
        APIGatewayV2HTTPResponse r = create(accountToken, "{\"name\":\"three\"}");
        assertThat(r.getStatusCode()).isEqualTo(403);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("Account instance quota exceeded");
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        var list = new ListInstancesHandler(services);
        APIGatewayV2HTTPEvent e = Events.request("GET", "GET /api/instance/list", null, accountToken, null, null);
        for (int i = 0; i < 100; i++) {
            assertThat(status(list.handleRequest(e, null))).isEqualTo(200);
        }
        APIGatewayV2HTTPResponse r = list.handleRequest(e, null);
        assertThat(r.getStatusCode()).isEqualTo(429);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("Rate limit exceeded. Try again later.");
        assertThat(r.getHeaders()).containsEntry("Retry-After", "50").containsEntry("X-RateLimit-Remaining", "0");
    }

    @Test
    void guessingWithRandomTokensIsLimitedPerClientAddress() throws Exception {
        var list = new ListInstancesHandler(services);
        for (int i = 0; i < 100; i++) {
            APIGatewayV2HTTPResponse r = list.handleRequest(
                    Events.request("GET", "GET /api/instance/list", null, "guess-" + i, null, null), null);
            assertThat(r.getStatusCode()).isEqualTo(401);
        }
        APIGatewayV2HTTPResponse r = list.handleRequest(
                Events.request("GET", "GET /api/instance/list", null, "guess-final", null, null), null);
        assertThat(r.getStatusCode()).isEqualTo(429);
        assertThat(json(r).at("/error/message").asText()).isEqualTo("Rate limit exceeded. Try again later.");
        assertThat(r.getHeaders()).containsKey("Retry-After");
        var ok = Events.request("GET", "GET /api/instance/list", null, accountToken, null, null);
        assertThat(list.handleRequest(ok, null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void bearerTokensToleratePaddingAndTabs() throws Exception {
        var list = new ListInstancesHandler(services);
        var e = Events.request("GET", "GET /api/instance/list", null, null, null, null);
        e.getHeaders().put("authorization", "  bearer\t" + accountToken + "  ");
        assertThat(list.handleRequest(e, null).getStatusCode()).isEqualTo(200);
        e.getHeaders().put("authorization", "Bearer ");
        assertThat(json(list.handleRequest(e, null)).at("/error/message").asText())
                .isEqualTo("Missing token in header");
    }

    @Test
    void settingsProxyAndS3Routes() throws Exception {
        newInstance("cfg");
        JsonNode s = json(new UpdateSettingsHandler(services)
                .handleRequest(post("settings", "cfg", "{\"keepOnlineStatus\":true}"), null));
        assertThat(s.get("message").asText()).isEqualTo("Settings updated successfully");
        assertThat(s.at("/settings/keepOnlineStatus").asBoolean()).isTrue();
        assertThat(s.at("/settings/disableHistorySync").asBoolean()).isTrue();
        assertThat(bus.sent()).extracting(InstanceCommand::name).contains("ApplySettings");
        assertThat(json(new UpdateSettingsHandler(services).handleRequest(post("settings", "cfg", "{}"), null))
                        .at("/error/message")
                        .asText())
                .isEqualTo("At least one setting is required");
        JsonNode p = json(new UpdateProxyHandler(services)
                .handleRequest(
                        post(
                                "proxy",
                                "cfg",
                                "{\"enabled\":true,\"host\":\"proxy.example.net\",\"port\":3128,\"protocol\":\"http\",\"username\":\"u\","
                                        + "\"password\":\"secret\"}"),
                        null));
        assertThat(p.get("message").asText()).isEqualTo("Proxy configuration updated");
        assertThat(p.at("/proxy/port").asText()).isEqualTo("3128");
        assertThat(p.at("/proxy/password").isNull()).isTrue();
        JsonNode gp = json(new GetProxyHandler(services).handleRequest(get("cfg", accountToken), null));
        assertThat(gp.at("/proxy/host").asText()).isEqualTo("proxy.example.net");
        APIGatewayV2HTTPResponse metadata = new UpdateProxyHandler(services)
                .handleRequest(
                        post(
                                "proxy",
                                "cfg",
                                "{\"enabled\":true,\"host\":\"169.254.169.254\",\"port\":\"80\",\"protocol\":\"http\"}"),
                        null);
        assertThat(metadata.getStatusCode()).isEqualTo(400);
        assertThat(json(metadata).at("/error/message").asText())
                .isEqualTo("host must be a public address, not link-local (RFC 3927)");
        APIGatewayV2HTTPResponse created = create(
                accountToken,
                "{\"name\":\"p6\",\"proxyHost\":\"[fd00:ec2::254]\","
                        + "\"proxyPort\":\"80\",\"proxyProtocol\":\"http\"}");
        assertThat(created.getStatusCode()).isEqualTo(400);
        assertThat(json(created).at("/error/message").asText())
                .isEqualTo("proxyHost must be a public address, not unique-local (RFC 4193)");
        assertThat(json(new GetProxyHandler(services).handleRequest(get("cfg", accountToken), null))
                        .at("/proxy/host")
                        .asText())
                .isEqualTo("proxy.example.net");
        JsonNode s3 = json(new UpdateS3Handler(services)
                .handleRequest(
                        post(
                                "s3",
                                "cfg",
                                "{\"enabled\":true,\"bucket\":\"media-1\",\"accessKey\":\"AK\",\"secretKey\":\"SK\"}"),
                        null));
        assertThat(s3.get("message").asText()).isEqualTo("S3 configuration updated");
        assertThat(s3.at("/s3/secretKey").isNull()).isTrue();
        JsonNode off =
                json(new UpdateS3Handler(services).handleRequest(post("s3", "cfg", "{\"enabled\":false}"), null));
        assertThat(off.at("/s3/accessKey").isNull()).isTrue();
        JsonNode gs3 = json(new GetS3Handler(services).handleRequest(get("cfg", accountToken), null));
        assertThat(gs3.at("/s3/enabled").asBoolean()).isFalse();
    }

    @Test
    void deleteAndAdminRoutes() throws Exception {
        newInstance("gone");
        JsonNode d = json(new DeleteInstanceHandler(services)
                .handleRequest(
                        Events.request(
                                "DELETE", "DELETE /api/instance/delete/{instance}", "gone", accountToken, null, null),
                        null));
        assertThat(d.toString())
                .isEqualTo("{\"success\":true,\"message\":\"Instance deleted\","
                        + "\"instance\":{\"status\":\"deleted\"}}");
        var admin = new CreateAccountHandler(services);
        var e = Events.request("POST", "POST /api/admin/accounts", null, null, "{\"name\":\"Beta\"}", null);
        assertThat(json(admin.handleRequest(e, null)).at("/error/message").asText())
                .isEqualTo("Missing admin secret in header");
        e.getHeaders().put("x-admin-secret", "wrong");
        assertThat(status(admin.handleRequest(e, null))).isEqualTo(401);
        e.getHeaders().put("x-admin-secret", "admin-secret-admin-secret-admin-1");
        APIGatewayV2HTTPResponse ok = admin.handleRequest(e, null);
        assertThat(ok.getStatusCode()).isEqualTo(201);
        assertThat(json(ok).get("token").asText()).hasSizeGreaterThan(30);
    }

    private APIGatewayV2HTTPEvent get(String instance, String token) {
        return Events.request("GET", "GET /api/instance/getSettings/{instance}", instance, token, null, null);
    }

    private APIGatewayV2HTTPEvent post(String route, String instance, String body) {
        return Events.request(
                "POST", "POST /api/instance/" + route + "/{instance}", instance, accountToken, body, null);
    }

    private static int status(APIGatewayV2HTTPResponse r) {
        return r.getStatusCode();
    }

    @Test
    void listNamesUnreadableSecretsAndStillListsEveryInstance() throws Exception {
        newInstance("fine");
        newInstance("broken");
        String accountId = store.lookup(io.zapgate.core.auth.TokenHash.of(accountToken))
                .orElseThrow()
                .accountId();
        io.zapgate.core.instance.Instance row = store.find(
                        new io.zapgate.core.instance.InstanceKey(accountId, "broken"))
                .orElseThrow();
        store.delete(row);
        io.zapgate.core.instance.Instance broken = new io.zapgate.core.instance.Instance(
                row.id(),
                row.accountId(),
                row.name(),
                row.createdAt(),
                row.tokenHash(),
                row.connection(),
                row.profile(),
                row.settings(),
                row.proxy(),
                row.s3(),
                row.webhook(),
                row.websocket(),
                row.chatwoot(),
                java.util.Set.of(
                        io.zapgate.core.instance.Instance.PROXY_PASSWORD,
                        io.zapgate.core.instance.Instance.WEBHOOK_AUTHORIZATION));
        store.create(
                broken,
                io.zapgate.core.auth.TokenRecord.forInstance(row.tokenHash(), row.accountId(), row.name(), row.id()));

        JsonNode list = json(new ListInstancesHandler(services)
                .handleRequest(Events.request("GET", "GET /api/instance/list", null, accountToken, null, null), null));
        assertThat(list.get("message").asText()).isEqualTo("2 Instances found");
        for (JsonNode i : list.get("instances")) {
            if (i.get("name").asText().equals("broken")) {
                assertThat(i.get("unreadableSecrets").toString())
                        .isEqualTo("[\"proxy.password\",\"webhook.authorization\"]");
            } else {
                assertThat(i.has("unreadableSecrets")).isFalse();
            }
        }
    }
}
