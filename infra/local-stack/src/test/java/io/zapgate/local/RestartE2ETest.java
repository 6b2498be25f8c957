package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.TestBackends;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping and starting the whole local stack on the same data folder brings a linked instance back, no QR. */
class RestartE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aLinkedInstanceSurvivesAFullRestart(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestBackends.backend().equals("embedded"), "file mode is the embedded backend's");
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            Map<String, String> env =
                    Map.of("ZAPGATE_WA_URL", fake.wsUrl().toString(), "ZAPGATE_WA_ROOT_KEY", fake.rootPublicKeyHex());
            try (LocalStack first = StackFixture.start(StackFixture.clock(), dir, env)) {
                Api api = new Api(first.baseUrl());
                fake.phone().scanQr(newInstanceQr(api, first, "durable")).join();
                Await.until("connected", WAIT, () -> "connected".equals(state(api, first.accountToken())));
            }
            int registrations = fake.recordings().registrationCount();
            int logins = fake.recordings().loginCount();
            try (LocalStack second = StackFixture.start(StackFixture.clock(), dir, env)) {
                Api api = new Api(second.baseUrl());
                Await.until("connected again", WAIT, () -> "connected".equals(state(api, second.accountToken())));
                assertThat(fake.recordings().loginCount()).isGreaterThan(logins);
                assertThat(fake.recordings().registrationCount()).isEqualTo(registrations);
            }
        }
    }

    @Test
    void offlineModeLinksThroughTheFakePhonesControlPort() throws Exception {
        try (LocalStack stack = StackFixture.start(
                StackFixture.clock(), null, Map.of("ZAPGATE_FAKE_WA", "1", "ZAPGATE_FAKE_WA_CONTROL_PORT", "0"))) {
            Api api = new Api(stack.baseUrl());
            scanWithTheFakePhone(api, stack, newInstanceQr(api, stack, "demo"));
            URI control = stack.sessions().controlUrl();
            Await.until("connected", WAIT, () -> "connected".equals(state(api, stack.accountToken())));
            String banner = LocalStackMain.whatsApp(stack.config(), stack);
            assertThat(banner)
                    .contains("OFFLINE fake WhatsApp")
                    .contains(control.toString().replaceAll("/$", ""))
                    .contains("in memory (--in-memory): forgotten at stop");
        }
    }

    @Test
    void offlineModeKeepsTheFakePhonesDevicesAcrossARestart(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestBackends.backend().equals("embedded"), "file mode is the embedded backend's");
        Map<String, String> env = Map.of("ZAPGATE_FAKE_WA", "1", "ZAPGATE_FAKE_WA_CONTROL_PORT", "0");
        try (LocalStack first = StackFixture.start(StackFixture.clock(), dir, env)) {
            Api api = new Api(first.baseUrl());
            scanWithTheFakePhone(api, first, newInstanceQr(api, first, "kept"));
            Await.until("connected", WAIT, () -> "connected".equals(state(api, first.accountToken())));
        }
        assertThat(dir.resolve(LocalSessionHost.FAKE_DEVICES_FILE)).exists();
        try (LocalStack second = StackFixture.start(StackFixture.clock(), dir, env)) {
            Api api = new Api(second.baseUrl());
            // a new fake process-wide, the same account: the saved session logs in, no QR
            Await.until("connected again", WAIT, () -> "connected".equals(state(api, second.accountToken())));
            Api.Reply phone = api.send(
                    HttpRequest.newBuilder(second.sessions().controlUrl().resolve("/phone/state"))
                            .GET()
                            .build());
            assertThat(phone.status()).isEqualTo(200);
            assertThat(phone.body().get("registrationCount").asInt()).isZero();
            assertThat(phone.body().get("loginCount").asInt()).isPositive();
            assertThat(phone.body().get("linkedDevices")).hasSize(1);
        }
    }

    /** Creates instance {@code name} and returns the QR its connect answers with. */
    private static String newInstanceQr(Api api, LocalStack stack, String name) {
        assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"" + name + "\"}")
                        .status())
                .isEqualTo(201);
        return api.get("/api/instance/connect/" + name, stack.accountToken())
                .body()
                .get("qrCode")
                .asText();
    }

    /** The offline stack's fake phone scans {@code qr} (its HTTP control port). */
    private static void scanWithTheFakePhone(Api api, LocalStack stack, String qr) {
        Api.Reply scan =
                api.send(HttpRequest.newBuilder(stack.sessions().controlUrl().resolve("/phone/scan"))
                        .POST(HttpRequest.BodyPublishers.ofString(qr))
                        .build());
        assertThat(scan.status()).as(scan.raw().body()).isEqualTo(200);
    }

    private static String state(Api api, String token) {
        return api.get("/api/instance/list", token)
                .body()
                .at("/instances/0/connection/state")
                .asText();
    }
}
