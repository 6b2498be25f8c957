package io.zapgate.sessionhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.log.Log;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionHostConfigTest {
    private static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("ZAPGATE_INSTANCES_TABLE", "instances");
        env.put("ZAPGATE_CONNECT_RESULTS_TABLE", "results");
        env.put("ZAPGATE_SESSIONS_TABLE", "sessions");
        env.put("ZAPGATE_SESSION_LEASES_TABLE", "leases");
        env.put("ZAPGATE_COMMAND_QUEUE_URL", "http://q/commands.fifo");
        env.put("ZAPGATE_EVENT_QUEUE_URL", "http://q/events.fifo");
        env.put("ZAPGATE_ENCRYPTION_KEY", "k".repeat(44));
        return env;
    }

    @Test
    void theHostsOwnQueueIsNamedFromThePrefixAndASanitizedHostId() {
        Map<String, String> env = env();
        env.put("ZAPGATE_HOST_ID", "ip-10-0-1-2.ec2.internal:abc");
        assertThat(SessionHostConfig.from(env).hostQueueName())
                .as("default prefix: the command queue's name")
                .isEqualTo("commands-host-ip-10-0-1-2-ec2-internal-abc.fifo");
        env.put("ZAPGATE_HOST_QUEUE_PREFIX", "zg");
        assertThat(SessionHostConfig.from(env).hostQueueName()).isEqualTo("zg-host-ip-10-0-1-2-ec2-internal-abc.fifo");
        env.put("ZAPGATE_HOST_ID", "h".repeat(100));
        assertThat(SessionHostConfig.from(env).hostQueueName()).hasSize(80).endsWith(".fifo");
    }

    @Test
    void defaultsTargetTheRealWhatsAppAndAws() {
        SessionHostConfig c = SessionHostConfig.from(env());
        assertThat(c.waUrl()).isEqualTo(URI.create("wss://web.whatsapp.com/ws/chat"));
        assertThat(c.waRootKey()).isNull();
        assertThat(c.dynamoDbEndpoint()).isNull();
        assertThat(c.commandWaitSeconds()).isEqualTo(20);
        assertThat(c.leaseTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.logLevel()).isEqualTo(Log.Level.INFO);
        assertThat(c.hostId()).isNotBlank();
        assertThat(c.toString()).doesNotContain("kkkk");
        assertThat(c.allowPrivateTargets()).isFalse();
    }

    @Test
    void aKmsKeyMakesTheLocalKeyRingOptionalButOneOfThemIsRequired() {
        Map<String, String> env = env();
        env.remove("ZAPGATE_ENCRYPTION_KEY");
        assertThatThrownBy(() -> SessionHostConfig.from(env))
                .hasMessageContaining("ZAPGATE_KMS_KEY_ID")
                .hasMessageContaining("ZAPGATE_ENCRYPTION_KEY");
        env.put("ZAPGATE_KMS_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/k1");
        env.put("ZAPGATE_KMS_ENDPOINT", "http://127.0.0.1:4599");
        SessionHostConfig c = SessionHostConfig.from(env);
        assertThat(c.encryptionKey()).isNull();
        assertThat(c.kmsKeyId()).isEqualTo("arn:aws:kms:eu-west-1:111122223333:key/k1");
        assertThat(c.withHostId("h2").kmsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4599"));
    }

    @Test
    void theClockSkewBudgetDefaultsToFiveSecondsAndMustStayWithinHalfTheLease() {
        SessionHostConfig c = SessionHostConfig.from(env());
        assertThat(c.leaseSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.legacyResumeScan()).isFalse();
        Map<String, String> env = env();
        env.put("ZAPGATE_LEASE_SKEW_SECONDS", "2");
        env.put("ZAPGATE_LEGACY_RESUME_SCAN", "true");
        assertThat(SessionHostConfig.from(env).leaseSkew()).isEqualTo(Duration.ofSeconds(2));
        assertThat(SessionHostConfig.from(env).legacyResumeScan()).isTrue();
        env.put("ZAPGATE_LEASE_SKEW_SECONDS", "31");
        assertThatThrownBy(() -> SessionHostConfig.from(env))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ZAPGATE_LEASE_SKEW_SECONDS");
    }

    @Test
    void privateProxyTargetsAreAllowedOnlyWhenAskedFor() {
        Map<String, String> env = env();
        env.put("ZAPGATE_ALLOW_PRIVATE_TARGETS", "true");
        assertThat(SessionHostConfig.from(env).allowPrivateTargets()).isTrue();
        assertThat(SessionHostConfig.from(env).withHostId("h2").allowPrivateTargets())
                .isTrue();
    }

    @Test
    void localSettingsAreRead() {
        Map<String, String> env = env();
        env.put("ZAPGATE_DYNAMODB_ENDPOINT", "http://127.0.0.1:8000");
        env.put("ZAPGATE_SQS_ENDPOINT", "http://127.0.0.1:9324");
        env.put("ZAPGATE_WA_URL", "ws://127.0.0.1:1234/ws/chat");
        env.put("ZAPGATE_WA_ROOT_KEY", "ab".repeat(32));
        env.put("ZAPGATE_HOST_ID", "host-7");
        env.put("ZAPGATE_COMMAND_WAIT_SECONDS", "2");
        SessionHostConfig c = SessionHostConfig.from(env);
        assertThat(c.sqsEndpoint()).isEqualTo(URI.create("http://127.0.0.1:9324"));
        assertThat(c.waRootKeyBytes()).hasSize(32);
        assertThat(c.hostId()).isEqualTo("host-7");
        assertThat(c.commandWaitSeconds()).isEqualTo(2);
    }

    @Test
    void resumeSettingsHaveDocumentedDefaultsAndAreRead() {
        SessionHostConfig d = SessionHostConfig.from(env());
        assertThat(d.resume().concurrency()).isEqualTo(16);
        assertThat(d.resume().startJitter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.resume().backoffBase()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.resume().backoffCap()).isEqualTo(Duration.ofMinutes(5));
        Map<String, String> env = env();
        env.put("ZAPGATE_RESUME_CONCURRENCY", "4");
        env.put("ZAPGATE_RESUME_JITTER_SECONDS", "3");
        env.put("ZAPGATE_RESUME_BACKOFF_BASE_SECONDS", "1");
        env.put("ZAPGATE_RESUME_BACKOFF_CAP_SECONDS", "60");
        SessionHostConfig c = SessionHostConfig.from(env).withHostId("h2");
        assertThat(c.resume().concurrency()).isEqualTo(4);
        assertThat(c.resume().startJitter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.resume().backoffBase()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.resume().backoffCap()).isEqualTo(Duration.ofSeconds(60));
        env.put("ZAPGATE_RESUME_CONCURRENCY", "0");
        assertThatThrownBy(() -> SessionHostConfig.from(env)).hasMessageContaining("ZAPGATE_RESUME_CONCURRENCY");
    }

    @Test
    void missingOrBadVariablesAreNamed() {
        Map<String, String> env = env();
        env.remove("ZAPGATE_SESSIONS_TABLE");
        assertThatThrownBy(() -> SessionHostConfig.from(env)).hasMessageContaining("ZAPGATE_SESSIONS_TABLE");
        Map<String, String> bad = env();
        bad.put("ZAPGATE_WA_ROOT_KEY", "abc");
        assertThatThrownBy(() -> SessionHostConfig.from(bad)).hasMessageContaining("ZAPGATE_WA_ROOT_KEY");
    }

    @Test
    void theAppVersionSettingsAreCheckedAndAFixedVersionWins() {
        Map<String, String> fixed = new java.util.HashMap<>(env());
        fixed.put("ZAPGATE_WA_VERSION", "2.3000.1099999999");
        fixed.put("ZAPGATE_WA_VERSION_URL", "http://127.0.0.1:1/never-read");
        try (var versions = SessionHostConfig.from(fixed).versions()) {
            assertThat(versions.current().toString()).isEqualTo("2.3000.1099999999");
            assertThat(versions.refresh().toString())
                    .as("a fixed version is never fetched")
                    .isEqualTo("2.3000.1099999999");
        }
        Map<String, String> badVersion = new java.util.HashMap<>(env());
        badVersion.put("ZAPGATE_WA_VERSION", "2.3000");
        assertThatThrownBy(() -> SessionHostConfig.from(badVersion)).hasMessageContaining("ZAPGATE_WA_VERSION");
        Map<String, String> badUrl = new java.util.HashMap<>(env());
        badUrl.put("ZAPGATE_WA_VERSION_URL", "ftp://example");
        assertThatThrownBy(() -> SessionHostConfig.from(badUrl)).hasMessageContaining("ZAPGATE_WA_VERSION_URL");
        assertThat(SessionHostConfig.from(env()).waVersionUrl()).isNull();
    }
}
