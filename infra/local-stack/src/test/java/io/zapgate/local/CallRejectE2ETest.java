package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import io.zapgate.wa.fake.Recordings;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code autoRejectCalls} end to end: HTTP creates and links an instance with the setting on, the fake phone
 * calls the linked device, the session host rejects the call over the real socket; after the setting is turned
 * off through HTTP, the next call is left ringing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallRejectE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a call that must not be rejected is watched (the reject, if any, follows within milliseconds). */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private FakeWhatsApp fake;
    private LocalStack stack;
    private Api api;
    private String token;

    @BeforeAll
    void start() throws Exception {
        fake = FakeWhatsApp.start();
        stack = StackFixture.startWith(fake);
        api = new Api(stack.baseUrl());
        token = stack.accountToken();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    private JsonNode connection(String name) {
        return api.get("/api/instance/list?instanceName=" + name, token).body().at("/instances/0/connection");
    }

    /** {@code <ack class="call">} stanzas the client sent: one per call stanza it received. */
    private static long callAcks(Recordings r) {
        return r.received().stream()
                .filter(n -> n.tag().equals("ack"))
                .filter(n -> n.attr("class").filter("call"::equals).isPresent())
                .count();
    }

    @Test
    void callsAreRejectedWhileAutoRejectCallsIsOn() {
        Api.Reply created = api.post(
                "/api/instance/new",
                token,
                "{\"name\":\"calls\",\"autoRejectCalls\":true,\"callRejectMessage\":\"No calls, please text\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        Api.Reply qr = api.get("/api/instance/connect/calls", token);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        LinkedDevice device =
                fake.phone().scanQr(qr.body().get("qrCode").asText()).join();
        Await.until(
                "calls connected",
                WAIT,
                () -> "connected".equals(connection("calls").path("state").asText()));

        String first = fake.phone().callDevice(device, false);
        assertThat(fake.recordings().awaitUntil(r -> r.callRejects().contains(first), WAIT))
                .as("call %s rejected", first)
                .isTrue();
        Node reject = fake.recordings().received().stream()
                .filter(n -> n.tag().equals("call"))
                .findFirst()
                .orElseThrow();
        assertThat(reject.child("reject").flatMap(n -> n.attr("count"))).contains("0");
        assertThat(reject.attr("to")).contains("15559876543@s.whatsapp.net");

        Api.Reply off = api.post("/api/instance/settings/calls", token, "{\"autoRejectCalls\":false}");
        assertThat(off.status()).as(off.raw().body()).isEqualTo(200);
        assertThat(off.raw().body()).contains("\"autoRejectCalls\":false");

        long acksBefore = callAcks(fake.recordings());
        String second = fake.phone().callDevice(device, true);
        assertThat(fake.recordings().awaitUntil(r -> callAcks(r) > acksBefore, WAIT))
                .as("second call reached the client")
                .isTrue();
        assertThat(fake.recordings().awaitUntil(r -> r.callRejects().contains(second), QUIET))
                .as("call %s left ringing", second)
                .isFalse();
        assertThat(fake.recordings().callRejects()).containsExactly(first);
        assertThat(connection("calls").path("state").asText()).isEqualTo("connected");
    }
}
