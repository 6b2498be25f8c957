package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.SqsEventPublisher;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.WebhookSignature;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Webhook delivery through the local stack: events put on the real event queue reach a real HTTP receiver,
 * signed and in order; failures are retried and finally dead-lettered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = StackFixture.clock();
    private LocalStack stack;
    private Api api;
    private SqsClient sqs;
    private SqsEventPublisher publisher;

    @BeforeAll
    void start() throws Exception {
        stack = StackFixture.start(clock, null, Map.of("ZAPGATE_WEBHOOK_BACKOFF_SECONDS", "0"));
        api = new Api(stack.baseUrl());
        var e = stack.awsEndpoints();
        sqs = AwsClients.sqs(new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
        publisher = new SqsEventPublisher(sqs, stack.resources().get("EventQueue"));
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private JsonNode create(String name, String body) {
        Api.Reply r = api.post("/api/instance/new", stack.accountToken(), body);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return r.body().get("instance");
    }

    private InstanceEvent event(JsonNode instance, InstanceState state, long seq) {
        return new InstanceEvent(
                UUID.randomUUID().toString(),
                accountOf(),
                instance.get("name").asText(),
                instance.get("id").asText(),
                state,
                InstanceState.DISCONNECTED,
                state == InstanceState.DISCONNECTED ? DisconnectReason.NETWORK : null,
                state == InstanceState.CONNECTING ? "2@qr-" + seq : null,
                null,
                seq,
                clock.instant());
    }

    private String accountOf() {
        return stack.accountId();
    }

    @Test
    void signedEventsArriveInOrderWithAuthorization() throws Exception {
        try (WebhookReceiver hook = new WebhookReceiver()) {
            JsonNode inst = create(
                    "hooked",
                    "{\"name\":\"hooked\",\"webhookURL\":\"" + hook.url()
                            + "\",\"webhookByEvents\":true,\"webhookAuthorization\":\"Bearer abc\"}");
            String secret = inst.at("/webhook/secret").asText();
            assertThat(secret).startsWith("whsec_");
            for (int i = 1; i <= 5; i++) {
                publisher.publish(event(inst, i % 2 == 0 ? InstanceState.CONNECTED : InstanceState.CONNECTING, i));
            }
            List<WebhookReceiver.Call> calls = hook.await(5, Duration.ofSeconds(30));
            assertThat(calls)
                    .extracting(c -> JSON.readTree(c.body()).get("sequence").asLong())
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
            WebhookReceiver.Call first = calls.get(0);
            assertThat(first.path()).isEqualTo("/hooks/instance-state");
            assertThat(first.headers()).containsEntry("Authorization", "Bearer abc");
            long ts = Long.parseLong(first.headers().get("X-Zapgate-Timestamp"));
            assertThat(WebhookSignature.verify(
                            secret, ts, first.body(), first.headers().get("X-Zapgate-Signature")))
                    .isTrue();
            JsonNode body = JSON.readTree(first.body());
            assertThat(body.get("event").asText()).isEqualTo("instance.state");
            assertThat(body.at("/data/state").asText()).isEqualTo("connecting");
            assertThat(body.at("/data/qrCode").asText()).isEqualTo("2@qr-1");
            assertThat(body.at("/instanceData/instance").asText()).isEqualTo("hooked");
        }
    }

    @Test
    void failuresAreRetriedThenDeadLettered() throws Exception {
        try (WebhookReceiver flaky = new WebhookReceiver();
                WebhookReceiver dead = new WebhookReceiver()) {
            flaky.answer(n -> n <= 2 ? 500 : 200);
            JsonNode a = create("flaky", "{\"name\":\"flaky\",\"webhookURL\":\"" + flaky.url() + "\"}");
            publisher.publish(event(a, InstanceState.CONNECTED, 1));
            publisher.publish(event(a, InstanceState.DISCONNECTED, 2));
            List<WebhookReceiver.Call> calls = flaky.await(4, Duration.ofSeconds(30));
            assertThat(calls)
                    .extracting(c -> c.headers().get("X-Zapgate-Attempt"))
                    .startsWith("1", "2", "3");
            assertThat(calls)
                    .extracting(c -> JSON.readTree(c.body()).get("sequence").asLong())
                    .containsExactly(1L, 1L, 1L, 2L);

            dead.answer(n -> 503);
            JsonNode b = create("deadhook", "{\"name\":\"deadhook\",\"webhookURL\":\"" + dead.url() + "\"}");
            InstanceEvent doomed = event(b, InstanceState.CONNECTED, 1);
            publisher.publish(doomed);
            assertThat(dead.await(4, Duration.ofSeconds(30))).hasSize(4);
            String dlq = stack.resources().get("EventDeadLetterQueue");
            String found = null;
            for (int i = 0; i < 20 && found == null; i++) {
                for (var m : sqs.receiveMessage(
                                r -> r.queueUrl(dlq).waitTimeSeconds(1).maxNumberOfMessages(10))
                        .messages()) {
                    if (m.body().contains(doomed.eventId())) {
                        found = m.body();
                    }
                }
            }
            assertThat(found).as("event in the dead-letter queue").isNotNull();
        }
    }
}
