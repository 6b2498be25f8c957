package io.zapgate.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Fields;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic fuzzing of request-body parsing: mutations of valid bodies of every JSON route must either parse
 * (and apply to the defaults) or be refused with a 400 {@link ZapgateException} — never another exception, never
 * a stack overflow, never slowly. {@link JsonBodyJazzerFuzzTest} is the coverage-guided twin.
 */
class JsonBodyFuzzTest {
    static final List<String> SEEDS = List.of(
            "{\"name\":\"shop\",\"token\":\"" + "t".repeat(40) + "\",\"proxyHost\":\"proxy.example.com\","
                    + "\"proxyPort\":\"1080\",\"proxyProtocol\":\"socks5\",\"proxyUsername\":\"u\","
                    + "\"proxyPassword\":\"p\",\"webhookURL\":[\"https://a.example.com/h\"],"
                    + "\"webhookEvents\":[\"instance.state\"],\"chatwootBaseUrl\":\"https://c.example.com\","
                    + "\"chatwootAccountId\":3,\"s3Bucket\":\"media-bucket\",\"s3AccessKey\":\"AK\","
                    + "\"s3SecretKey\":\"SK\",\"keepOnlineStatus\":true}",
            "{\"autoRejectCalls\":true,\"callRejectMessage\":\"No calls\",\"disableHistorySync\":false}",
            "{\"enabled\":true,\"host\":\"10.0.0.1\",\"port\":8080,\"protocol\":\"http\"}",
            "{\"enabled\":true,\"region\":\"eu-west-1\",\"bucket\":\"b-1\",\"accessKey\":\"A\",\"secretKey\":\"S\","
                    + "\"endpoint\":\"https://s3.example.com\",\"pathPrefix\":\"p/\"}",
            "{\"enabled\":false}",
            "{}",
            "{\"a\":[1,{\"b\":null}],\"c\":-1.5e3}");
    private static final List<String> TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "\\",
            "\\u0000",
            "\\ud800",
            "null",
            "true",
            "1e999999",
            "-0",
            "99999999999999999999999",
            "NaN",
            "\u0000",
            "\uFEFF",
            "\"name\"",
            "\"port\"",
            "\"enabled\"",
            "[[[[[[[[",
            "{\"a\":{\"a\":{\"a\":",
            "\u00e9",
            "\ud83d\ude00");

    @Test
    void mutationsOfValidBodies() {
        Random random = new Random(0x5EED_2026L);
        int[] accepted = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < 20_000; i++) {
                String body = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
                accepted[0] += check(body);
            }
        });
        assertThat(accepted[0]).as("some mutations stay valid for some route").isPositive();
    }

    @Test
    void deepNestingAndHugeNumbersAre400s() {
        assertThat(check("[".repeat(200_000))).isZero();
        assertThat(check("{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000))).isZero();
        assertThat(check("{\"chatwootAccountId\":" + "9".repeat(5_000) + ",\"name\":\"a\"}"))
                .isZero();
        assertThat(check("{\"port\":1e99999999}")).isZero();
    }

    /**
     * Runs the body through every route's parser as its handler does (and applies what parses to the defaults).
     *
     * @return how many routes accepted it
     * @throws AssertionError if anything but a 400 {@link ZapgateException} escapes
     */
    static int check(String body) {
        int ok = 0;
        ok += route(() -> RequestParsers.newInstance(JsonBody.parse(body, false)));
        ok += route(() ->
                RequestParsers.settings(known(body, RequestParsers.SETTINGS)).applyTo(Settings.defaults()));
        ok += route(() ->
                RequestParsers.proxy(known(body, RequestParsers.PROXY)).applyTo(ProxySettings.disabled(), Fields.BARE));
        ok += route(
                () -> RequestParsers.s3(known(body, RequestParsers.S3)).applyTo(S3Settings.disabled(), Fields.BARE));
        return ok;
    }

    /** As the update handlers do: parse, then refuse fields the route does not know. */
    private static JsonBody known(String body, java.util.Set<String> fields) {
        JsonBody b = JsonBody.parse(body, false);
        b.rejectUnknown(fields);
        return b;
    }

    private static int route(Runnable parse) {
        try {
            parse.run();
            return 1;
        } catch (ZapgateException e) {
            if (e.code() != ErrorCode.BAD_REQUEST) {
                throw new AssertionError("not a 400: " + e.code() + " " + e.getMessage(), e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a 400 without a message", e);
            }
            return 0;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }

    private static String mutate(String seed, Random random) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(5)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> s.setCharAt(at, (char) random.nextInt(0x80));
                case 3 -> s.setLength(at);
                default -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(20))));
            }
        }
        return s.toString();
    }
}
