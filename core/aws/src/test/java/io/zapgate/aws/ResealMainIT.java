package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code ./zapgate reseal} command line ({@link Reseal#run}) on the same real fixtures as {@link ResealIT}
 * (DynamoDB Local, the SDK KMS client against {@link FakeKmsServer}), configured only through the environment
 * map and standard input it is given: exit codes, the ring from the environment or standard input, dry run, and
 * that neither the ring nor a stored ciphertext is ever printed.
 */
class ResealMainIT {
    private final ResealFixture f = new ResealFixture();
    private final String ringText = Base64.getEncoder().encodeToString(f.ringKey);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void anUnknownArgumentPrintsTheUsageAndWritesNothing() throws IOException {
        seedSession("one");
        var before = f.snapshot();

        // a ring passed as an argument is refused, not used (and not echoed)
        assertThat(run(env(), noStdin(), "--dry-run", ringText)).isEqualTo(2);

        assertThat(err())
                .startsWith("usage: reseal [--dry-run] [--key-ring-stdin]")
                .doesNotContain(ringText);
        assertThat(out()).isEmpty();
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void noTableConfiguredIsAConfigurationError() throws IOException {
        seedSession("one");
        var before = f.snapshot();
        Map<String, String> env = env();
        env.remove("ZAPGATE_INSTANCES_TABLE");
        env.remove("ZAPGATE_SESSIONS_TABLE");
        env.put("ZAPGATE_SESSIONS_TABLE", "  ");

        assertThat(run(env, noStdin())).isEqualTo(2);

        assertThat(err()).contains("reseal: set ZAPGATE_INSTANCES_TABLE and/or ZAPGATE_SESSIONS_TABLE");
        assertThat(out()).isEmpty();
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void aMissingOrMalformedKeyConfigurationIsAConfigurationError() throws IOException {
        seedSession("one");
        var before = f.snapshot();
        Map<String, String> none = env();
        none.remove("ZAPGATE_KMS_KEY_ID");
        none.remove("ZAPGATE_ENCRYPTION_KEY");
        assertThat(run(none, noStdin())).isEqualTo(2);
        assertThat(err()).contains("ZAPGATE_KMS_KEY_ID is not set");

        err.reset();
        Map<String, String> malformed = env();
        malformed.put("ZAPGATE_ENCRYPTION_KEY", "not-a-key");
        assertThat(run(malformed, noStdin())).isEqualTo(2);
        assertThat(err()).contains("neither base64 nor 64 hex").doesNotContain("not-a-key");
        assertThat(out()).isEmpty();
        assertThat(f.snapshot()).isEqualTo(before);
    }

    @Test
    void theRingFromTheEnvironmentMigratesToKmsAndASecondRunHasNothingLeft() throws IOException {
        Account a = Samples.account(3);
        new DynamoDbAccountRepository(f.aws.dynamo, f.tables).create(a, Samples.accountToken(a));
        Instance one = Samples.fullInstance(a, "one");
        new DynamoDbInstanceRepository(f.aws.dynamo, f.tables, f.ring).create(one, Samples.tokenOf(one));
        seedSession(one.id());
        assertThat(f.rawProxyPassword(one)).startsWith("v2:");

        assertThat(run(env(), noStdin())).isEqualTo(0);

        assertThat(out())
                .contains("reseal total: rows=2 values=7 resealed=7 alreadyCurrent=0 concurrentlyChanged=0"
                        + " unreadable=0")
                .doesNotContain(ringText)
                .doesNotContain("s3cr3t");
        assertThat(err()).isEmpty();
        KmsSecretCipher kmsOnly = new KmsSecretCipher(f.client, f.keyArn, null);
        assertThat(f.rawProxyPassword(one)).startsWith("v3:kms:");
        Instance read = new DynamoDbInstanceRepository(f.aws.dynamo, f.tables, kmsOnly)
                .find(one.key())
                .orElseThrow();
        assertThat(read.unreadableSecrets()).isEmpty();
        assertThat(read.proxy().password()).isEqualTo("s3cr3t");
        Map<String, AttributeValue> session = f.session(one.id());
        assertThat(kmsOnly.decrypt(session.get("device").s(), one.id() + "/device"))
                .isEqualTo("device-bytes");
        assertThat(kmsOnly.decrypt(session.get("preKeys").s(), one.id() + "/preKeys"))
                .isEqualTo("pre-keys");

        var after = f.snapshot();
        out.reset();
        assertThat(run(env(), noStdin())).isEqualTo(0);
        assertThat(out())
                .contains("reseal total: rows=2 values=7 resealed=0 alreadyCurrent=7 concurrentlyChanged=0"
                        + " unreadable=0");
        assertThat(f.snapshot()).isEqualTo(after);
    }

    @Test
    void keyRingStdinReadsTheRingFromStandardInputAndIgnoresTheEnvironment() throws IOException {
        seedSession("one");
        Map<String, String> env = env();
        // a ring that opens nothing: were it used, both values would be unreadable (exit 1)
        env.put("ZAPGATE_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(ResealFixture.randomKey()));
        InputStream stdin = new ByteArrayInputStream((ringText + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(run(env, stdin, "--key-ring-stdin")).isEqualTo(0);

        assertThat(out()).contains("reseal total: rows=1 values=2 resealed=2").doesNotContain(ringText);
        assertThat(err()).isEmpty();
        assertThat(new KmsSecretCipher(f.client, f.keyArn, null)
                        .decrypt(f.session("one").get("device").s(), "one/device"))
                .isEqualTo("device-bytes");
    }

    @Test
    void aDryRunCountsAndLeavesEveryValueAsItIs() throws IOException {
        seedSession("one");
        var before = f.snapshot();

        assertThat(run(env(), noStdin(), "--dry-run")).isEqualTo(0);

        assertThat(out())
                .contains("reseal " + f.sessions + " (dry run): rows=1 values=2 resealed=2")
                .contains("reseal total (dry run): rows=1 values=2 resealed=2");
        assertThat(f.snapshot()).isEqualTo(before);
        assertThat(f.session("one").get("device").s()).startsWith("v2:");
    }

    @Test
    void aValueNoKeyOpensExitsOneWithoutPrintingItOrTheRing() throws IOException {
        seedSession("one");
        byte[] orphanKey = ResealFixture.randomKey();
        String lost = new AesGcmSecretCipher(orphanKey).encrypt("gone", "orphan/device");
        f.putSession("orphan", lost, null);

        assertThat(run(env(), noStdin())).isEqualTo(1);

        String printed = out() + err();
        assertThat(out())
                .contains("unreadable orphan/device")
                .contains("reseal total: rows=2 values=3 resealed=2 alreadyCurrent=0 concurrentlyChanged=0"
                        + " unreadable=1");
        assertThat(printed)
                .doesNotContain(lost)
                .doesNotContain(lost.substring(lost.lastIndexOf(':') + 1))
                .doesNotContain(ringText)
                .doesNotContain(Base64.getEncoder().encodeToString(orphanKey))
                .doesNotContain("gone");
        assertThat(f.session("orphan").get("device").s()).isEqualTo(lost);
    }

    private void seedSession(String instanceId) {
        f.putSession(
                instanceId,
                f.ring.encrypt("device-bytes", instanceId + "/device"),
                f.ring.encrypt("pre-keys", instanceId + "/preKeys"));
    }

    /** Everything configured: the ring, the KMS key, both tables, the local endpoints. */
    private Map<String, String> env() {
        AwsEndpoints e = TestBackends.shared().endpoints();
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", e.region());
        env.put("ZAPGATE_DYNAMODB_ENDPOINT", e.dynamoDb().toString());
        env.put("ZAPGATE_KMS_ENDPOINT", f.server.endpoint().toString());
        env.put("ZAPGATE_KMS_KEY_ID", f.keyArn);
        env.put("ZAPGATE_ENCRYPTION_KEY", ringText);
        env.put("ZAPGATE_INSTANCES_TABLE", f.tables.instances());
        env.put("ZAPGATE_SESSIONS_TABLE", f.sessions);
        return env;
    }

    private int run(Map<String, String> env, InputStream stdin, String... args) throws IOException {
        return Reseal.run(args, env, stdin, ResealFixture.print(out), ResealFixture.print(err));
    }

    private static InputStream noStdin() {
        return new ByteArrayInputStream(new byte[0]);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
