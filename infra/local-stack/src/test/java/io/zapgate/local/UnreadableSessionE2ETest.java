package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved session sealed under a key the host no longer has (the key ring lost the old key) is an error that is
 * reported, never a session that looks alive: the instance shows {@code disconnected} with reason
 * {@code session_unreadable}, nothing logs in, nothing is wiped, and with the key back it logs in again, no QR.
 */
class UnreadableSessionE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSessionUnderAMissingKeyIsReportedAndKeptUntilTheKeyIsBack(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestBackends.backend().equals("embedded"), "file mode is the embedded backend's");
        String keyA = newKey();
        String keyB = newKey();
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            try (LocalStack a = start(dir, keyA, fake)) {
                Api api = new Api(a.baseUrl());
                link(api, a.accountToken(), fake, "sealed");
                link(api, a.accountToken(), fake, "doomed");
            }
            int logins = fake.recordings().loginCount();
            int registrations = fake.recordings().registrationCount();

            try (LocalStack b = start(dir, keyB, fake)) {
                Api api = new Api(b.baseUrl());
                String token = b.accountToken();
                JsonNode c = Await.value(
                        "reported unreadable",
                        WAIT,
                        () -> connection(api, token, "sealed"),
                        n -> "session_unreadable"
                                .equals(n.at("/lastDisconnect/reason").asText()));
                assertThat(c.path("state").asText()).isEqualTo("disconnected");
                Api.Reply reconnect = api.post("/api/instance/reconnect/sealed", token, "{}");
                assertThat(reconnect.status()).as("reconnect only starts").isEqualTo(200);
                Api.Reply delete = api.delete("/api/instance/delete/doomed", token);
                assertThat(delete.status()).as(delete.raw().body()).isEqualTo(200);
                assertThat(connection(api, token, "sealed")
                                .at("/lastDisconnect/reason")
                                .asText())
                        .as("the reconnect found the session unreadable too")
                        .isEqualTo("session_unreadable");
                assertThat(fake.recordings().loginCount())
                        .as("no login without the key")
                        .isEqualTo(logins);
            }

            try (LocalStack again = start(dir, keyA, fake)) {
                Api api = new Api(again.baseUrl());
                String token = again.accountToken();
                Api.Reply reconnect = api.post("/api/instance/reconnect/sealed", token, "{}");
                assertThat(reconnect.status()).as(reconnect.raw().body()).isEqualTo(200);
                Await.until(
                        "connected with the key back",
                        WAIT,
                        () -> "connected"
                                .equals(connection(api, token, "sealed")
                                        .path("state")
                                        .asText()));
                assertThat(fake.recordings().loginCount()).isGreaterThan(logins);
                assertThat(fake.recordings().registrationCount())
                        .as("no new QR")
                        .isEqualTo(registrations);
            }
        }
    }

    private static void link(Api api, String token, FakeWhatsApp fake, String name) {
        assertThat(api.post("/api/instance/new", token, "{\"name\":\"" + name + "\"}")
                        .status())
                .isEqualTo(201);
        String qr = api.get("/api/instance/connect/" + name, token)
                .body()
                .get("qrCode")
                .asText();
        fake.phone().scanQr(qr).join();
        Await.until(
                name + " connected",
                WAIT,
                () -> "connected"
                        .equals(connection(api, token, name).path("state").asText()));
    }

    private static JsonNode connection(Api api, String token, String name) {
        return api.get("/api/instance/list?instanceName=" + name, token).body().at("/instances/0/connection");
    }

    private static LocalStack start(Path dir, String keyRing, FakeWhatsApp fake) throws Exception {
        return StackFixture.start(
                StackFixture.clock(),
                dir,
                Map.of(
                        "ZAPGATE_ENCRYPTION_KEY",
                        keyRing,
                        "ZAPGATE_WA_URL",
                        fake.wsUrl().toString(),
                        "ZAPGATE_WA_ROOT_KEY",
                        fake.rootPublicKeyHex()));
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
