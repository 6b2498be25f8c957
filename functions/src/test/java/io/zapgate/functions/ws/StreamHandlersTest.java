package io.zapgate.functions.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.zapgate.aws.EventCodec;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.fake.InMemoryStreamConnections;
import io.zapgate.core.fake.RecordingConnectionPusher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.core.port.Account;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream handlers on in-memory fakes: who may connect, who receives what, and what is forgotten. */
class StreamHandlersTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryStreamConnections connections = new InMemoryStreamConnections();
    private final RecordingConnectionPusher pusher = new RecordingConnectionPusher();
    private final StreamServices services = new StreamServices(
            clock, store, new InMemoryRateLimiter(RateLimitPolicy.contract(), clock), store, connections, pusher);
    private final WsConnectHandler connect = new WsConnectHandler(services);
    private final EventStreamHandler stream = new EventStreamHandler(services);
    private Account account;
    private String accountToken;
    private Instance shop;
    private Instance desk;

    @BeforeEach
    void setUp() {
        account = Samples.account(10);
        store.create(account, Samples.accountToken(account));
        accountToken = "account-token-" + account.id();
        shop = add("shop", new WebsocketSettings(true, List.of(), false));
        desk = add("desk", new WebsocketSettings(true, List.of("instance.state"), false));
    }

    private Instance add(String name, WebsocketSettings ws) {
        Instance base = Samples.instance(account, name);
        Instance i = new Instance(
                base.id(),
                base.accountId(),
                name,
                base.createdAt(),
                base.tokenHash(),
                null,
                null,
                null,
                null,
                null,
                null,
                ws,
                null);
        store.create(i, Samples.tokenOf(i));
        return i;
    }

    private String instanceToken(Instance i) {
        return "tok-" + account.id() + i.name();
    }

    private static APIGatewayV2WebSocketEvent wsEvent(
            String routeKey, String connectionId, Map<String, String> query, Map<String, String> headers, String body) {
        APIGatewayV2WebSocketEvent e = new APIGatewayV2WebSocketEvent();
        APIGatewayV2WebSocketEvent.RequestContext ctx = new APIGatewayV2WebSocketEvent.RequestContext();
        ctx.setRouteKey(routeKey);
        ctx.setConnectionId(connectionId);
        ctx.setEventType(
                switch (routeKey) {
                    case "$connect" -> "CONNECT";
                    case "$disconnect" -> "DISCONNECT";
                    default -> "MESSAGE";
                });
        e.setRequestContext(ctx);
        e.setQueryStringParameters(query);
        e.setHeaders(headers);
        e.setBody(body);
        return e;
    }

    private APIGatewayV2WebSocketResponse open(
            String connectionId, Map<String, String> query, Map<String, String> headers) {
        return connect.handleRequest(wsEvent("$connect", connectionId, query, headers, null), null);
    }

    private static APIGatewayV2WebSocketResponse openFrom(
            WsConnectHandler handler, String connectionId, String ip, String token) {
        APIGatewayV2WebSocketEvent e = wsEvent("$connect", connectionId, Map.of("token", token), null, null);
        APIGatewayV2WebSocketEvent.RequestIdentity identity = new APIGatewayV2WebSocketEvent.RequestIdentity();
        identity.setSourceIp(ip);
        e.getRequestContext().setIdentity(identity);
        return handler.handleRequest(e, null);
    }

    private InstanceEvent event(Instance i) {
        return new InstanceEvent(
                UUID.randomUUID().toString(),
                i.accountId(),
                i.name(),
                i.id(),
                InstanceState.CONNECTING,
                InstanceState.DISCONNECTED,
                null,
                "2@qr",
                null,
                1,
                clock.instant());
    }

    private SQSBatchResponse deliver(InstanceEvent... events) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (InstanceEvent e : events) {
            records.add(message(e.eventId(), EventCodec.encode(e)));
        }
        SQSEvent sqs = new SQSEvent();
        sqs.setRecords(records);
        return stream.handleRequest(sqs, null);
    }

    private static SQSEvent.SQSMessage message(String id, String body) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId(id);
        m.setBody(body);
        return m;
    }

    @Test
    void aValidTokenOpensTheConnectionAndAWrongOneIsRefusedWith401() {
        assertThat(open("c1", Map.of("token", accountToken), null).getStatusCode())
                .isEqualTo(200);
        assertThat(open("c2", null, Map.of("Token", instanceToken(shop))).getStatusCode())
                .isEqualTo(200);
        assertThat(open("c3", null, Map.of("Authorization", "Bearer " + accountToken))
                        .getStatusCode())
                .isEqualTo(200);

        APIGatewayV2WebSocketResponse wrong = open("c4", Map.of("token", "nope"), null);
        assertThat(wrong.getStatusCode()).isEqualTo(401);
        assertThat(wrong.getBody()).isEqualTo("{\"success\":false,\"error\":{\"message\":\"Invalid token\"}}");
        APIGatewayV2WebSocketResponse missing = open("c5", null, null);
        assertThat(missing.getStatusCode()).isEqualTo(401);
        assertThat(missing.getBody()).contains("Missing token in header");

        assertThat(connections.find("c1")).isPresent();
        assertThat(connections.find("c2").orElseThrow().instanceNames()).containsExactly("shop");
        assertThat(connections.find("c4")).isEmpty();
        assertThat(connections.find("c5")).isEmpty();
        assertThat(connections.find("c1").orElseThrow().expiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofHours(2)));
    }

    @Test
    void connectIsRateLimitedPerTokenAndCountsFailedTokensPerAddressLikeTheHttpApi() {
        // 3 per minute in the Global class: the token's bucket, and the failures of one address
        WsConnectHandler limited = new WsConnectHandler(new StreamServices(
                clock, store, new InMemoryRateLimiter(new RateLimitPolicy(3, 2), clock), store, connections, pusher));
        for (int i = 0; i < 3; i++) {
            assertThat(openFrom(limited, "ok" + i, "203.0.113.1", accountToken).getStatusCode())
                    .isEqualTo(200);
        }
        APIGatewayV2WebSocketResponse overToken = openFrom(limited, "ok3", "203.0.113.2", accountToken);
        assertThat(overToken.getStatusCode()).isEqualTo(429);
        assertThat(overToken.getBody())
                .isEqualTo("{\"success\":false,\"error\":{\"message\":\"Rate limit exceeded. Try again later.\"}}");
        assertThat(overToken.getHeaders())
                .containsEntry("Retry-After", "60")
                .containsEntry("X-RateLimit-Remaining", "0");
        assertThat(connections.find("ok3")).isEmpty();

        for (int i = 0; i < 3; i++) {
            APIGatewayV2WebSocketResponse guess = openFrom(limited, "g" + i, "198.51.100.7", "guess-" + i);
            assertThat(guess.getStatusCode()).isEqualTo(401);
            assertThat(guess.getBody()).contains("Invalid token");
        }
        APIGatewayV2WebSocketResponse blocked = openFrom(limited, "g3", "198.51.100.7", "guess-3");
        assertThat(blocked.getStatusCode()).isEqualTo(429);
        assertThat(blocked.getBody()).contains("Rate limit exceeded. Try again later.");
        assertThat(openFrom(limited, "g4", "198.51.100.7", "guess-4").getStatusCode())
                .isEqualTo(429);
        assertThat(connections.find("g3")).isEmpty();
        // a valid token from that address still connects; other addresses are not affected
        assertThat(openFrom(limited, "mine", "198.51.100.7", instanceToken(shop))
                        .getStatusCode())
                .isEqualTo(200);
        assertThat(openFrom(limited, "other", "192.0.2.9", "guess-5").getStatusCode())
                .isEqualTo(401);

        clock.advance(Duration.ofSeconds(60));
        assertThat(openFrom(limited, "later", "198.51.100.7", "guess-6").getStatusCode())
                .isEqualTo(401);
    }

    @Test
    void theExactEnvelopeGoesToTheConnectionsThatMaySeeTheInstance() {
        open("account-all", Map.of("token", accountToken), null);
        open("account-desk", Map.of("token", accountToken, "instanceName", "desk,other"), null);
        open("account-empty", Map.of("token", accountToken, "instanceName", ""), null);
        open("shop-only", Map.of("token", instanceToken(shop), "instanceName", "desk"), null);
        open("desk-only", Map.of("token", instanceToken(desk)), null);

        InstanceEvent e = event(shop);
        SQSBatchResponse r = deliver(e);

        assertThat(r.getBatchItemFailures()).isEmpty();
        assertThat(pusher.recipients()).containsExactlyInAnyOrder("account-all", "shop-only");
        assertThat(pusher.pushes()).allSatisfy(p -> assertThat(p.text()).isEqualTo(EventCodec.encode(e)));
    }

    @Test
    void anotherAccountsConnectionsReceiveNothing() {
        Account other = Samples.account(1);
        store.create(other, Samples.accountToken(other));
        open("other", Map.of("token", "account-token-" + other.id()), null);
        deliver(event(shop));
        assertThat(pusher.pushes()).isEmpty();
    }

    @Test
    void nothingIsPushedWhenTheInstanceHasTheWebsocketDisabledOrFiltersTheEventOut() {
        Instance quiet = add("quiet", WebsocketSettings.disabled());
        Instance picky = add("picky", new WebsocketSettings(true, List.of("messages.upsert"), false));
        open("all", Map.of("token", accountToken), null);

        SQSBatchResponse r = deliver(event(quiet), event(picky));

        assertThat(r.getBatchItemFailures()).isEmpty();
        assertThat(pusher.pushes()).isEmpty();
        deliver(event(desk));
        assertThat(pusher.recipients()).containsExactly("all");
    }

    @Test
    void eventsOfADeletedOrReplacedInstanceAreNotStreamed() {
        open("all", Map.of("token", accountToken), null);
        InstanceEvent ofPredecessor = new InstanceEvent(
                "e1",
                account.id(),
                "shop",
                "old-id",
                InstanceState.CONNECTED,
                null,
                null,
                null,
                null,
                1,
                clock.instant());
        InstanceEvent ofUnknown = new InstanceEvent(
                "e2",
                account.id(),
                "ghost",
                "ghost-id",
                InstanceState.CONNECTED,
                null,
                null,
                null,
                null,
                1,
                clock.instant());
        deliver(ofPredecessor, ofUnknown);
        assertThat(pusher.pushes()).isEmpty();
    }

    @Test
    void aGoneConnectionIsDeletedAndAFailingOneIsSkipped() {
        open("gone", Map.of("token", accountToken), null);
        open("flaky", Map.of("token", accountToken), null);
        open("fine", Map.of("token", accountToken), null);
        pusher.markGone("gone");
        pusher.markFailing("flaky");

        SQSBatchResponse r = deliver(event(shop));

        assertThat(r.getBatchItemFailures()).isEmpty();
        assertThat(pusher.recipients()).containsExactly("fine");
        assertThat(connections.find("gone")).isEmpty();
        assertThat(connections.find("flaky")).isPresent();
    }

    @Test
    void expiredConnectionsReceiveNothing() {
        open("old", Map.of("token", accountToken), null);
        clock.advance(Duration.ofHours(2).plusSeconds(1));
        deliver(event(shop));
        assertThat(pusher.pushes()).isEmpty();
    }

    @Test
    void disconnectForgetsTheConnection() {
        open("c1", Map.of("token", accountToken), null);
        APIGatewayV2WebSocketResponse r =
                new WsDisconnectHandler(services).handleRequest(wsEvent("$disconnect", "c1", null, null, null), null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(connections.find("c1")).isEmpty();
        deliver(event(shop));
        assertThat(pusher.pushes()).isEmpty();
    }

    @Test
    void pingIsAnsweredWithPongAndAnythingElseIgnored() {
        WsDefaultHandler handler = new WsDefaultHandler(services);
        assertThat(handler.handleRequest(wsEvent("$default", "c1", null, null, "{\"action\":\"ping\"}"), null)
                        .getBody())
                .isEqualTo("{\"action\":\"pong\"}");
        for (String other : new String[] {"{\"action\":\"subscribe\"}", "hello", "", "[1,2]", null}) {
            APIGatewayV2WebSocketResponse r = handler.handleRequest(wsEvent("$default", "c1", null, null, other), null);
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(r.getBody()).as(other).isNull();
        }
    }

    @Test
    void anUndecodableMessageFailsAndHoldsBackTheLaterOnesOfItsInstanceOnly() {
        open("all", Map.of("token", accountToken), null);
        InstanceEvent first = event(shop);
        InstanceEvent after = event(shop);
        InstanceEvent other = event(desk);
        SQSEvent sqs = new SQSEvent();
        sqs.setRecords(List.of(
                inGroup(message("m1", EventCodec.encode(first)), first),
                inGroup(message("m2", "{not json"), first),
                inGroup(message("m3", EventCodec.encode(after)), after),
                inGroup(message("m4", EventCodec.encode(other)), other)));

        SQSBatchResponse r = stream.handleRequest(sqs, null);

        assertThat(r.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m2", "m3");
        assertThat(pusher.pushes()).hasSize(2);
        assertThat(pusher.pushes())
                .extracting(p -> p.text())
                .containsExactly(EventCodec.encode(first), EventCodec.encode(other));
    }

    /** As the FIFO queue delivers it: one message group per instance. */
    private static SQSEvent.SQSMessage inGroup(SQSEvent.SQSMessage m, InstanceEvent e) {
        m.setAttributes(Map.of("MessageGroupId", e.instanceId()));
        return m;
    }

    @Test
    void headersAreReadWhateverTheirCase() {
        Map<String, String> headers = new HashMap<>();
        headers.put("TOKEN", accountToken);
        assertThat(open("c1", null, headers).getStatusCode()).isEqualTo(200);
    }
}
