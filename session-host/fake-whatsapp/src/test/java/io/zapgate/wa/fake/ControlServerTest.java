package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP control port answers with plain JSON and drives the phone. */
class ControlServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FakeWhatsApp fake = FakeWhatsApp.start();
    private final ControlServer control = start();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ControlServer start() {
        try {
            return ControlServer.start(fake, 0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        control.close();
        fake.close();
    }

    @Test
    void stateAndSimpleActionsAnswerJson() throws Exception {
        assertThat(control.uri().toString()).startsWith("http://127.0.0.1:");
        HttpResponse<String> state = http.send(
                HttpRequest.newBuilder(uri("/phone/state")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(state.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode json = JSON.readTree(state.body());
        assertThat(json.get("ok").asBoolean()).isTrue();
        assertThat(json.get("phoneNumber").asText()).isEqualTo("15551234567");
        assertThat(json.get("rootPublicKey").asText()).isEqualTo(fake.rootPublicKeyHex());
        assertThat(json.get("connectionCount").asInt()).isZero();

        assertThat(post("/phone/ban?seconds=60", "").get("permanent").asBoolean())
                .isFalse();
        assertThat(post("/phone/unban", "").get("ok").asBoolean()).isTrue();
        assertThat(post("/phone/restart", "").get("connections").asInt()).isZero();
        assertThat(post("/phone/drop", "").get("connections").asInt()).isZero();
        assertThat(post("/phone/unlink", "").get("unlinked")).isEmpty();
        assertThat(status("POST", "/phone/nope")).isEqualTo(404);
        assertThat(status("GET", "/phone/scan")).isEqualTo(405);
        assertThat(status("POST", "/phone/ban?seconds=x")).isEqualTo(400);
        HttpResponse<String> bad = http.send(
                HttpRequest.newBuilder(uri("/phone/scan"))
                        .POST(HttpRequest.BodyPublishers.ofString("not a qr"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(bad.body()).get("ok").asBoolean()).isFalse();
    }

    @Test
    void scanOverHttpLinksTheCompanion() throws Exception {
        TestCompanion companion = new TestCompanion();
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, companion.registrationPayload(30))) {
            List<String> refs = Flows.readRefs(client);
            CompletableFuture<HttpResponse<String>> scan = http.sendAsync(
                    HttpRequest.newBuilder(uri("/phone/scan"))
                            .POST(HttpRequest.BodyPublishers.ofString(companion.qr(refs.get(0))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            client.send(companion.answerPairSuccess(client.next("iq")));
            assertThat(client.next("stream:error").attr("code")).contains("515");
            HttpResponse<String> response = scan.get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).at("/device/jid").asText())
                    .isEqualTo("15551234567:1@s.whatsapp.net");
        }
        JsonNode state = JSON.readTree(
                http.send(HttpRequest.newBuilder(uri("/phone/state")).build(), HttpResponse.BodyHandlers.ofString())
                        .body());
        assertThat(state.get("historyDays").asInt()).isEqualTo(30);
        assertThat(state.get("linkedDevices")).hasSize(1);
        assertThat(post("/phone/unlink", "15551234567:1@s.whatsapp.net").get("unlinked"))
                .hasSize(1);
    }

    private URI uri(String path) {
        return control.uri().resolve(path);
    }

    private JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(String method, String path) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri(path))
                                .method(method, HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
