package io.zapgate.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.zapgate.aws.EventCodec;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.net.GuardedResolver;
import io.zapgate.core.session.InstanceEvent;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handler with the real sender and a real local receiver; names resolve through a scripted resolver. */
class WebhookDeliveryHandlerTest {
    private final InMemoryStore store = new InMemoryStore();
    private final List<Duration> delays = new ArrayList<>();

    private SQSBatchResponse deliver(boolean allowPrivate, String url) {
        return deliver(allowPrivate, url, "whsec");
    }

    private SQSBatchResponse deliver(boolean allowPrivate, String url, String signingSecret) {
        return deliver(allowPrivate, url, signingSecret, "Bearer receiver-token", java.util.Set.of());
    }

    private SQSBatchResponse deliver(
            boolean allowPrivate,
            String url,
            String signingSecret,
            String authorization,
            java.util.Set<String> unreadable) {
        var account = Samples.account(10);
        store.create(account, Samples.accountToken(account));
        Instance base = Samples.instance(account, "hooked");
        Instance instance = new Instance(
                base.id(),
                base.accountId(),
                base.name(),
                base.createdAt(),
                base.tokenHash(),
                base.connection(),
                base.profile(),
                base.settings(),
                base.proxy(),
                base.s3(),
                new WebhookSettings(true, List.of(url), authorization, false, List.of(), false, signingSecret),
                base.websocket(),
                base.chatwoot(),
                unreadable);
        store.create(instance, Samples.tokenOf(instance));
        InstanceEvent e = new InstanceEvent(
                "ev-1",
                account.id(),
                instance.name(),
                instance.id(),
                InstanceState.CONNECTING,
                InstanceState.DISCONNECTED,
                null,
                null,
                null,
                1,
                Instant.EPOCH);
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-1");
        m.setReceiptHandle("r-1");
        m.setBody(EventCodec.encode(e));
        m.setAttributes(Map.of("MessageGroupId", instance.id(), "ApproximateReceiveCount", "1"));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(m));
        GuardedResolver.Dns dns = host -> new InetAddress[] {InetAddress.getLoopbackAddress()};
        WebhookDelivery d = new WebhookDelivery(
                store,
                new HttpWebhookSender(new UrlGuard(new GuardedResolver(allowPrivate, dns)), Duration.ofSeconds(5)),
                (receipt, delay) -> delays.add(delay),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                Duration.ofSeconds(10),
                4);
        return new WebhookDeliveryHandler(d).handleRequest(event, null);
    }

    @Test
    void aHostResolvingToLoopbackIsNeverCalledNorRetried() throws Exception {
        try (var receiver = HttpWebhookSenderTest.RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            SQSBatchResponse r = deliver(false, "http://hooks.zapgate.test:" + receiver.port() + "/in");
            assertThat(r.getBatchItemFailures()).isEmpty();
            assertThat(delays).isEmpty();
            assertThat(receiver.requests()).isEmpty();
        }
    }

    @Test
    void withPrivateTargetsAllowedTheSameHostIsCalled() throws Exception {
        try (var receiver = HttpWebhookSenderTest.RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            SQSBatchResponse r = deliver(true, "http://hooks.zapgate.test:" + receiver.port() + "/in");
            assertThat(r.getBatchItemFailures()).isEmpty();
            assertThat(receiver.requests())
                    .singleElement()
                    .asString()
                    .startsWith("POST /in HTTP/1.1\r\n")
                    .contains("X-Zapgate-Event-Id: ev-1");
        }
    }

    @Test
    void anUnreadableSigningSecretIsNeverSentUnsignedButRetried() throws Exception {
        try (var receiver = HttpWebhookSenderTest.RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            // the repository reads a secret it cannot decrypt as null (InstanceItems): the handler must not send
            SQSBatchResponse r = deliver(true, "http://hooks.zapgate.test:" + receiver.port() + "/in", null);
            assertThat(receiver.requests()).isEmpty();
            assertThat(r.getBatchItemFailures())
                    .singleElement()
                    .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("m-1"));
            assertThat(delays).containsExactly(Duration.ofSeconds(10));
        }
    }

    @Test
    void anUnreadableAuthorizationIsNeverLeftOutButRetriedThenDeadLettered() throws Exception {
        try (var receiver = HttpWebhookSenderTest.RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            // the stored Authorization could not be decrypted (InstanceItems reads it as null and names it):
            // sending without it would be a request the receiver never authorised
            SQSBatchResponse r = deliver(
                    true,
                    "http://hooks.zapgate.test:" + receiver.port() + "/in",
                    "whsec",
                    null,
                    java.util.Set.of(Instance.WEBHOOK_AUTHORIZATION));
            assertThat(receiver.requests()).isEmpty();
            assertThat(r.getBatchItemFailures())
                    .singleElement()
                    .satisfies(f -> assertThat(f.getItemIdentifier()).isEqualTo("m-1"));
            assertThat(delays).containsExactly(Duration.ofSeconds(10));
        }
    }

    @Test
    void aReadableAuthorizationIsSent() throws Exception {
        try (var receiver = HttpWebhookSenderTest.RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            SQSBatchResponse r = deliver(true, "http://hooks.zapgate.test:" + receiver.port() + "/in");
            assertThat(r.getBatchItemFailures()).isEmpty();
            assertThat(receiver.requests()).singleElement().asString().contains("Authorization: Bearer receiver-token");
        }
    }
}
