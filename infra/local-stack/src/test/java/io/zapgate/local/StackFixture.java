package io.zapgate.local;

import io.zapgate.aws.local.TestBackends;
import io.zapgate.testsupport.MutableClock;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts the local stack for a test class: on the embedded backend by default, on LocalStack under
 * {@code -Plocalstack} (skipped without Docker). The clock is the test's, so rate-limit windows never roll
 * over mid-test.
 */
final class StackFixture {
    private StackFixture() {}

    /**
     * @param clock the functions' clock: usually {@link #clock()}; the wall clock where separate host processes
     *     judge command expiry by theirs
     */
    static LocalStack start(java.time.Clock clock, Path dataDir, Map<String, String> env) throws IOException {
        String why = TestBackends.unavailableReason();
        Assumptions.assumeTrue(why == null, why);
        // tests never reach the internet: no fetch of WhatsApp's real version page unless a test names a URL
        Map<String, String> all = new java.util.HashMap<>(
                Map.of("ZAPGATE_PORT", "0", "ZAPGATE_LOG_LEVEL", "WARN", "ZAPGATE_WA_VERSION_URL", "off"));
        all.putAll(env);
        String[] args =
                dataDir == null ? new String[] {"--in-memory"} : new String[] {"--data-dir", dataDir.toString()};
        LocalStackConfig config = LocalStackConfig.from(all, args);
        if (TestBackends.backend().equals("localstack")) {
            return LocalStack.start(config, clock, TestBackends.shared(), false);
        }
        return LocalStack.start(config, clock);
    }

    /**
     * The usual stack of an end-to-end test (in memory, on {@link #clock()}) talking to {@code fake}: its URL and
     * root key, a global rate limit no test reaches, then {@code more} (variable name, value, …).
     */
    static LocalStack startWith(FakeWhatsApp fake, String... more) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "ZAPGATE_WA_URL",
                fake.wsUrl().toString(),
                "ZAPGATE_WA_ROOT_KEY",
                fake.rootPublicKeyHex(),
                "ZAPGATE_RATE_LIMIT_GLOBAL",
                "100000"));
        for (int i = 0; i + 1 < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return start(clock(), null, env);
    }

    /**
     * The functions' clock: fixed (a rate-limit window never rolls over mid-test) at 5 s past the next whole
     * minute, so it never lags the wall clock that DynamoDB Local's TTL sweep and the session host use.
     */
    static MutableClock clock() {
        return MutableClock.startingAtNextMinutePlus(5);
    }
}
