package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.session.WebhookSignature;
import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Rotating the encryption key end to end on one data directory: secrets sealed under key A are still used (the
 * webhook is signed with its stored secret) after the stack restarts with the ring {@code B,A}; a rewritten
 * secret is sealed with B; and after a restart with B alone, what B sealed still works.
 */
class KeyRotationE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void secretsSurviveARotation(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestBackends.backend().equals("embedded"), "file mode is the embedded backend's");
        String keyA = newKey();
        String keyB = newKey();
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                WebhookReceiver hook = new WebhookReceiver()) {
            String secretRot;
            try (LocalStack a = start(dir, keyA, fake)) {
                Api api = new Api(a.baseUrl());
                secretRot = create(api, a.accountToken(), "rot", hook);
                assertThat(sealedKeyId(a, "rot", "webhook", "signingSecret"))
                        .isEqualTo(AesGcmSecretCipher.fromText(keyA).currentKeyId());
            }

            String secretRot2;
            try (LocalStack ba = start(dir, keyB + "," + keyA, fake)) {
                Api api = new Api(ba.baseUrl());
                String token = ba.accountToken();
                assertSignedWebhook(api, token, "rot", secretRot, hook);
                assertThat(api.post("/api/instance/s3/rot", token, "{\"secretKey\":\"SK2\"}")
                                .status())
                        .isEqualTo(200);
                assertThat(sealedKeyId(ba, "rot", "s3", "secretKey"))
                        .as("a rewritten secret uses the new key")
                        .isEqualTo(AesGcmSecretCipher.fromText(keyB).currentKeyId());
                assertThat(sealedKeyId(ba, "rot", "webhook", "signingSecret"))
                        .as("untouched secrets keep theirs")
                        .isEqualTo(AesGcmSecretCipher.fromText(keyA).currentKeyId());
                secretRot2 = create(api, token, "rot2", hook);
            }

            try (LocalStack b = start(dir, keyB, fake)) {
                assertSignedWebhook(new Api(b.baseUrl()), b.accountToken(), "rot2", secretRot2, hook);
            }
        }
    }

    /**
     * A secret sealed under a key this stack no longer has is reported, not taken for absent: the list still
     * answers and names it on that instance only; sending the field again clears it.
     */
    @Test
    void anUnreadableSecretIsListedAndSettingItAgainClearsIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(TestBackends.backend().equals("embedded"), "file mode is the embedded backend's");
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            try (LocalStack a = start(dir, newKey(), fake)) {
                Api.Reply r = new Api(a.baseUrl())
                        .post(
                                "/api/instance/new",
                                a.accountToken(),
                                "{\"name\":\"lost\",\"proxyHost\":\"proxy.example.com\",\"proxyPort\":\"1080\","
                                        + "\"proxyProtocol\":\"http\",\"proxyUsername\":\"u\",\"proxyPassword\":\"pw\","
                                        + "\"s3Bucket\":\"media-bucket\",\"s3AccessKey\":\"AK\",\"s3SecretKey\":\"SK\"}");
                assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
            }
            try (LocalStack b = start(dir, newKey(), fake)) {
                Api api = new Api(b.baseUrl());
                String token = b.accountToken();
                assertThat(api.post("/api/instance/new", token, "{\"name\":\"fine\"}")
                                .status())
                        .isEqualTo(201);
                Api.Reply list = api.get("/api/instance/list", token);
                assertThat(list.status()).as(list.raw().body()).isEqualTo(200);
                assertThat(list.body().get("message").asText()).isEqualTo("2 Instances found");
                assertThat(unreadable(list, "lost")).isEqualTo("[\"proxy.password\",\"s3.secretKey\"]");
                assertThat(unreadable(list, "fine")).isNull();

                Api.Reply fix = api.post("/api/instance/proxy/lost", token, "{\"password\":\"pw2\"}");
                assertThat(fix.status()).as(fix.raw().body()).isEqualTo(200);
                assertThat(unreadable(api.get("/api/instance/list", token), "lost"))
                        .isEqualTo("[\"s3.secretKey\"]");
            }
        }
    }

    private static String unreadable(Api.Reply list, String name) {
        for (JsonNode i : list.body().get("instances")) {
            if (i.get("name").asText().equals(name)) {
                return i.has("unreadableSecrets") ? i.get("unreadableSecrets").toString() : null;
            }
        }
        throw new AssertionError("no instance " + name + " in " + list.raw().body());
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
                        fake.rootPublicKeyHex(),
                        "ZAPGATE_WEBHOOK_BACKOFF_SECONDS",
                        "0"));
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Creates an instance with a webhook to {@code hook} and S3 credentials; returns its signing secret. */
    private static String create(Api api, String token, String name, WebhookReceiver hook) {
        Api.Reply r = api.post(
                "/api/instance/new",
                token,
                "{\"name\":\"" + name + "\",\"webhookURL\":\"" + hook.url()
                        + "\",\"s3Bucket\":\"media-bucket\",\"s3AccessKey\":\"AK\",\"s3SecretKey\":\"SK\"}");
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        String secret = r.body().at("/instance/webhook/secret").asText();
        assertThat(secret).isNotBlank();
        return secret;
    }

    /** Connects the instance (its first state change makes a webhook call) and checks the call's signature. */
    private static void assertSignedWebhook(Api api, String token, String name, String secret, WebhookReceiver hook)
            throws Exception {
        Api.Reply qr = api.get("/api/instance/connect/" + name, token);
        assertThat(qr.status()).as(qr.raw().body()).isEqualTo(200);
        List<WebhookReceiver.Call> calls = Await.value(
                name + " webhook",
                WAIT,
                () -> {
                    try {
                        return hook.await(1, Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                },
                l -> l.stream()
                        .anyMatch(c -> name.equals(
                                read(c.body()).at("/instanceData/instance").asText())));
        WebhookReceiver.Call call = calls.stream()
                .filter(c ->
                        name.equals(read(c.body()).at("/instanceData/instance").asText()))
                .findFirst()
                .orElseThrow();
        String signature = call.headers().get("X-Zapgate-Signature");
        assertThat(signature).as("the webhook is signed").isNotBlank();
        assertThat(WebhookSignature.verify(
                        secret, Long.parseLong(call.headers().get("X-Zapgate-Timestamp")), call.body(), signature))
                .as("signed with the secret stored under the old key")
                .isTrue();
    }

    /** The key id a sealed field of the instance's row names. */
    private static String sealedKeyId(LocalStack stack, String name, String block, String field) {
        var e = stack.awsEndpoints();
        try (var dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()))) {
            for (Map<String, AttributeValue> item : dynamo.scanPaginator(s ->
                            s.tableName(stack.resources().get("InstancesTable")).consistentRead(true))
                    .items()) {
                if (item.values().stream().anyMatch(v -> name.equals(v.s()))) {
                    String sealed = item.get(block).m().get(field).s();
                    return AesGcmSecretCipher.keyIdOf(sealed);
                }
            }
        }
        throw new AssertionError("no instance row named " + name);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
