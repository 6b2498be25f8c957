package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.proto.ClientPayload;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Minimum client version (405) and the current version where clients read it. */
class VersionTest {
    /** whatsmeow update.go clientVersionRegex. */
    private static final Pattern WHATSMEOW = Pattern.compile("\"client_revision\":(\\d+),");
    /** Baileys fetchLatestWaWebVersion, on sw.js. */
    private static final Pattern BAILEYS = Pattern.compile("\\\\?\"client_revision\\\\?\":\\s*(\\d+)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final TestCompanion companion = new TestCompanion();
    private FakeWhatsApp fake;

    @AfterEach
    void stop() {
        fake.close();
    }

    private static ClientPayload withVersion(ClientPayload payload, int tertiary) {
        return payload.toBuilder()
                .setUserAgent(ClientPayload.UserAgent.newBuilder()
                        .setAppVersion(ClientPayload.UserAgent.AppVersion.newBuilder()
                                .setPrimary(2)
                                .setSecondary(3000)
                                .setTertiary(tertiary)))
                .build();
    }

    @Test
    void aClientBelowTheMinimumGets405() throws Exception {
        fake = FakeWhatsApp.start(FakeWhatsAppOptions.defaults().withMinimumVersion(ServedVersion.parse("1000")));
        assertThat(fake.currentVersion()).isEqualTo(ServedVersion.DEFAULT_CURRENT);
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, withVersion(companion.registrationPayload(7), 999))) {
            Node failure = client.next();
            assertThat(failure.tag()).isEqualTo("failure");
            assertThat(failure.attrs()).containsEntry("reason", "405").containsEntry("location", "test");
            client.awaitClose();
        }
        try (ScriptedClient client =
                ScriptedClient.connect(fake, companion.noiseKey, withVersion(companion.registrationPayload(7), 1000))) {
            assertThat(client.next().child("pair-device")).isPresent();
        }
    }

    @Test
    void versionPagesServeTheCurrentRevisionAndTheMinimumChangesAtRunTime() throws Exception {
        fake = FakeWhatsApp.start(FakeWhatsAppOptions.defaults().withOfflineBurst(false));
        Flows.pairByQr(fake, companion);
        try (ControlServer control = ControlServer.start(fake, 0)) {
            HttpResponse<String> page = get(control, "/web/");
            assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(revision(WHATSMEOW, page.body())).isEqualTo("1045649367");
            String sw = get(control, "/web/sw.js").body();
            assertThat(sw).contains("\\\"client_revision\\\":1045649367");
            assertThat(revision(BAILEYS, sw)).isEqualTo("1045649367");
            assertThat(get(control, "/web/nope").statusCode()).isEqualTo(404);

            JsonNode raised = JSON.readTree(http.send(
                            HttpRequest.newBuilder(control.uri().resolve("/server/version?minimum=2.3000.2000000000"))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            assertThat(raised.get("minimum").asText()).isEqualTo("2.3000.2000000000");
            assertThat(raised.get("current").asText())
                    .as("raised to the minimum")
                    .isEqualTo("2.3000.2000000000");
            assertThat(revision(WHATSMEOW, get(control, "/web/").body())).isEqualTo("2000000000");
            assertThat(JSON.readTree(get(control, "/server/version").body())
                            .get("clientRevision")
                            .asLong())
                    .isEqualTo(2_000_000_000L);
            try (ScriptedClient client = ScriptedClient.connect(
                    fake, companion.noiseKey, withVersion(companion.loginPayload(), 1045649367))) {
                assertThat(client.next().attr("reason")).contains("405");
            }
            assertThat(JSON.readTree(get(control, "/phone/state").body())
                            .get("versionRefusalCount")
                            .asInt())
                    .isEqualTo(1);
            assertThat(http.send(
                                    HttpRequest.newBuilder(control.uri().resolve("/server/version?current=x.y"))
                                            .POST(HttpRequest.BodyPublishers.noBody())
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .isEqualTo(400);
        }
        fake.setVersions(ServedVersion.ZERO, null);
        assertThat(fake.currentVersion().tertiary()).isEqualTo(2_000_000_000L);
        Flows.login(fake, companion).close();
    }

    @Test
    void versionsParse() {
        assertThat(ServedVersion.parse("2.3000.1045649367")).isEqualTo(ServedVersion.DEFAULT_CURRENT);
        assertThat(ServedVersion.parse("1045649367")).isEqualTo(ServedVersion.DEFAULT_CURRENT);
        assertThat(ServedVersion.parse("0")).isEqualTo(ServedVersion.ZERO);
        assertThat(ServedVersion.parse("2.2412.1").isBelow(ServedVersion.parse("2.3000.0")))
                .isTrue();
        assertThat(ServedVersion.parse("4294967295").tertiary()).isEqualTo(4_294_967_295L);
        assertThatThrownBy(() -> ServedVersion.parse("2.3000")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServedVersion.parse("4294967296")).isInstanceOf(IllegalArgumentException.class);
        fake = FakeWhatsApp.start();
    }

    private static String revision(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(ControlServer control, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(control.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
