package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbStreamConnections;
import io.zapgate.aws.EventCodec;
import io.zapgate.aws.SqsEventPublisher;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.testsupport.Await;
import io.zapgate.testsupport.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WebSocket event stream through the local stack: a real WebSocket client, the template's $connect /
 * $default / $disconnect functions behind the local WebSocket API, events published to the stream queue and
 * pushed by the stream function through the local Management API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStreamE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final MutableClock clock = StackFixture.clock();
    private final HttpClient http = HttpClient.newHttpClient();
    private LocalStack stack;
    private Api api;
    private SqsEventPublisher publisher;
    private DynamoDbStreamConnections connections;
    private Created streamed;
    private Created other;
    private Created quiet;

    private record Created(String name, String id, String token) {}

    @BeforeAll
    void start() throws Exception {
        stack = StackFixture.start(clock, null, Map.of());
        api = new Api(stack.baseUrl());
        AwsEndpoints e = stack.awsEndpoints();
        AwsClients.Target target =
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey());
        publisher =
                new SqsEventPublisher(AwsClients.sqs(target), stack.resources().get("StreamEventQueue"));
        connections = new DynamoDbStreamConnections(
                AwsClients.dynamoDb(target), stack.resources().get("WsConnectionsTable"));
        streamed = create("streamed", true);
        other = create("other", true);
        quiet = create("quiet", false);
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private Created create(String name, boolean websocket) {
        Api.Reply r = api.post(
                "/api/instance/new",
                stack.accountToken(),
                "{\"name\":\"" + name + "\",\"websocketEnabled\":" + websocket + "}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return new Created(
                name,
                r.body().at("/instance/id").asText(),
                r.body().at("/instance/token").asText());
    }

    private InstanceEvent publish(Created i) {
        InstanceEvent e = new InstanceEvent(
                UUID.randomUUID().toString(),
                stack.accountId(),
                i.name(),
                i.id(),
                InstanceState.CONNECTING,
                InstanceState.DISCONNECTED,
                null,
                "2@ref,key,adv",
                null,
                1,
                clock.instant());
        publisher.publish(e);
        return e;
    }

    private WsClient open(String query) throws Exception {
        return WsClient.open(http, URI.create(stack.wsUrl() + "/?" + query));
    }

    private static String token(String t) {
        return "token=" + URLEncoder.encode(t, StandardCharsets.UTF_8);
    }

    @Test
    void anInstanceTokenReceivesTheEnvelopeOfItsOwnInstanceOnly() throws Exception {
        try (WsClient mine = open(token(streamed.token()) + "&instanceName=other");
                WsClient account = open(token(stack.accountToken()))) {
            InstanceEvent ofOther = publish(other);
            assertThat(account.next()).isEqualTo(EventCodec.encode(ofOther));
            // the stream function handles the queue in order: the other instance's event is behind us now
            InstanceEvent own = publish(streamed);
            assertThat(mine.next()).isEqualTo(EventCodec.encode(own));
            assertThat(account.next()).isEqualTo(EventCodec.encode(own));
        }
    }

    @Test
    void anAccountTokenCanFilterByInstanceName() throws Exception {
        try (WsClient filtered = open(token(stack.accountToken()) + "&instanceName=streamed");
                WsClient all = open(token(stack.accountToken()))) {
            InstanceEvent ofOther = publish(other);
            assertThat(all.next()).isEqualTo(EventCodec.encode(ofOther));
            InstanceEvent own = publish(streamed);
            assertThat(filtered.next()).isEqualTo(EventCodec.encode(own));
        }
    }

    @Test
    void anInstanceWithTheWebsocketDisabledIsNotStreamed() throws Exception {
        try (WsClient account = open(token(stack.accountToken()))) {
            publish(quiet);
            InstanceEvent after = publish(streamed);
            assertThat(account.next()).isEqualTo(EventCodec.encode(after));
        }
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAtTheUpgrade() {
        for (String query : new String[] {token("not-a-token"), "instanceName=streamed"}) {
            assertThatThrownBy(() -> open(query)).isInstanceOfSatisfying(ExecutionException.class, e -> {
                assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                assertThat(((WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(401);
            });
        }
    }

    @Test
    void theTokenHeaderWorksAndPingIsAnsweredWithPong() throws Exception {
        WebSocket.Builder b = http.newWebSocketBuilder().header("token", streamed.token());
        try (WsClient c = WsClient.open(b, URI.create(stack.wsUrl() + "/"))) {
            c.socket().sendText("{\"action\":\"ping\"}", true).get(10, TimeUnit.SECONDS);
            assertThat(c.next()).isEqualTo("{\"action\":\"pong\"}");
        }
    }

    @Test
    void aClosedConnectionIsForgotten() throws Exception {
        int before = live();
        WsClient c = open(token(stack.accountToken()));
        assertThat(live()).isEqualTo(before + 1);
        c.close();
        await(() -> live() == before);
    }

    private int live() {
        return connections.listForAccount(stack.accountId(), Instant.now()).size();
    }

    private static void await(BooleanSupplier condition) {
        Await.until("the condition", WAIT, condition);
    }
}
