package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The phone calls a linked companion; the server records and acknowledges the companion's reject. */
class FakeCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Calls only: no offline burst, and un-acked offers do not end the connection. */
    private final FakeWhatsApp fake = FakeWhatsApp.start(
            FakeWhatsAppOptions.defaults().withOfflineBurst(false).withStrictAcks(false));

    private final TestCompanion companion = new TestCompanion();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @AfterEach
    void stop() {
        fake.close();
    }

    private static Node reject(String stanzaId, Jid own, String callId) {
        return Node.builder("call")
                .attr("id", stanzaId)
                .attr("from", own)
                .attr("to", FakePhone.DEFAULT_CALLER)
                .children(Node.builder("reject")
                        .attr("call-id", callId)
                        .attr("call-creator", FakePhone.DEFAULT_CALLER)
                        .attr("count", "0")
                        .build())
                .build();
    }

    @Test
    void aCallIsOfferedToTheDeviceAndItsRejectIsRecordedAndAcknowledged() throws Exception {
        LinkedDevice device = Flows.pairByQr(fake, companion);
        try (ScriptedClient client = Flows.loginActive(fake, companion)) {
            String callId = fake.phone().callDevice(device, true);
            assertThat(callId).matches("[0-9A-F]{32}");
            Node call = client.next("call");
            assertThat(call.attrs().get("from")).isEqualTo(FakePhone.DEFAULT_CALLER);
            assertThat(call.attr("id")).isPresent();
            assertThat(call.attr("t")).isPresent();
            Node offer = call.child("offer").orElseThrow();
            assertThat(offer.attr("call-id")).contains(callId);
            assertThat(offer.attrs().get("call-creator")).isEqualTo(FakePhone.DEFAULT_CALLER);
            assertThat(offer.child("video")).isPresent();
            assertThat(offer.children("audio")).isNotEmpty();

            client.send(reject("3EB0AA", device.jid().toNonAd(), callId));
            Node ack = client.next("ack");
            assertThat(ack.attr("id")).contains("3EB0AA");
            assertThat(ack.attr("class")).contains("call");
            assertThat(ack.attr("type")).contains("reject");
            assertThat(fake.recordings().awaitUntil(r -> r.callRejects().contains(callId), Duration.ofSeconds(10)))
                    .isTrue();

            String audio = fake.phone().callDevice(device.jid(), false);
            assertThat(client.next("call").child("offer").orElseThrow().child("video"))
                    .isEmpty();
            assertThat(audio).isNotEqualTo(callId);
        }
    }

    @Test
    void callingADeviceWithoutALiveLoginFails() throws Exception {
        LinkedDevice device = Flows.pairByQr(fake, companion);
        assertThatThrownBy(() -> fake.phone().callDevice(device, false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> fake.phone().callDevice(Jid.parse("15550000000:1@s.whatsapp.net"), false))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void callOverHttpDefaultsToTheFirstLinkedDevice() throws Exception {
        try (ControlServer control = ControlServer.start(fake, 0)) {
            assertThat(post(control, "/phone/call", "").statusCode()).isEqualTo(409);
            LinkedDevice device = Flows.pairByQr(fake, companion);
            try (ScriptedClient client = Flows.loginActive(fake, companion)) {
                HttpResponse<String> plain = post(control, "/phone/call", "");
                assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
                JsonNode json = JSON.readTree(plain.body());
                assertThat(json.get("device").asText()).isEqualTo(device.jid().toString());
                assertThat(json.get("video").asBoolean()).isFalse();
                assertThat(client.next("call").child("offer").flatMap(o -> o.attr("call-id")))
                        .contains(json.get("callId").asText());

                HttpResponse<String> video =
                        post(control, "/phone/call", "{\"device\":\"" + device.jid() + "\",\"video\":true}");
                assertThat(video.statusCode()).as(video.body()).isEqualTo(200);
                assertThat(client.next("call").child("offer").orElseThrow().child("video"))
                        .isPresent();

                assertThat(post(control, "/phone/call?video=true", device.jid().toString())
                                .statusCode())
                        .isEqualTo(200);
                assertThat(client.next("call").child("offer").orElseThrow().child("video"))
                        .isPresent();
                assertThat(post(control, "/phone/call", "not a jid@").statusCode())
                        .isEqualTo(400);
            }
        }
    }

    private HttpResponse<String> post(ControlServer control, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(control.uri().resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
