package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.AwsClients;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A seeded corpus of malformed requests over every route, through real HTTP on the local stack: broken JSON, deep
 * nesting, huge numbers, wrong types for every field, odd encodings, oversized bodies, headers and names, wrong
 * methods, bad and misused tokens, bad query strings. Every answer must be below 500; every error must be exactly
 * the contract's envelope {@code {"success":false,"error":{"message":"…"}}}; cases that are wrong by the contract
 * must be 4xx; and an error must leave every table (but the rate-limit counters) as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusE2ETest {
    private static final long SEED = 0x5EED_2026L;
    private static final String NAME = "shop";
    private static final List<String> SETTINGS_BOOLEANS = List.of(
            "autoRejectCalls",
            "ignoreGroupMessages",
            "keepOnlineStatus",
            "autoReadMessages",
            "disableHistorySync",
            "ignoreStatus");
    private static final List<String> PROXY_STRINGS = List.of("host", "username", "password");
    private static final List<String> S3_STRINGS =
            List.of("region", "bucket", "accessKey", "secretKey", "endpoint", "pathPrefix");
    private static final List<String> NON_BOOLEANS = List.of("\"yes\"", "1", "0", "{}", "[]", "[true]", "1e400");
    private static final List<String> NON_STRINGS = List.of("{}", "[]", "[\"a\"]", "{\"a\":\"b\"}");

    /** One request of the corpus; {@code mustFail}: wrong by the contract, so 4xx whatever the handler thinks. */
    private record Case(
            String label, String method, String path, Map<String, String> headers, byte[] body, boolean mustFail) {}

    private LocalStack stack;
    private Api api;
    private DynamoDbClient dynamo;
    private String account;
    private String instanceToken;
    private final List<Case> corpus = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        stack = StackFixture.start(
                StackFixture.clock(),
                null,
                Map.of(
                        "ZAPGATE_RATE_LIMIT_GLOBAL",
                        "1000000",
                        "ZAPGATE_RATE_LIMIT_CREATE",
                        "1000000",
                        "ZAPGATE_SESSION_HOST",
                        "0"));
        api = new Api(stack.baseUrl());
        account = stack.accountToken();
        var e = stack.awsEndpoints();
        dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
        Api.Reply created = api.post(
                "/api/instance/new",
                account,
                "{\"name\":\"" + NAME + "\",\"proxyHost\":"
                        + "\"proxy.example.com\",\"proxyPort\":\"1080\",\"proxyProtocol\":\"http\",\"proxyUsername\":\"u\",\"proxyPassword\":\"pw\",\"s3Bucket\":\"media-bucket\",\"s3AccessKey\":\"AK\","
                        + "\"s3SecretKey\":\"sk\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        instanceToken = created.body().at("/instance/token").asText();
        assertThat(api.post("/api/instance/new", account, "{\"name\":\"other\"}")
                        .status())
                .isEqualTo(201);
        buildCorpus(new Random(SEED));
    }

    @AfterAll
    void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void noMalformedRequestGetsA5xxALooseErrorOrAWrite() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(500);
        Map<String, List<Map<String, AttributeValue>>> before = tables();
        List<String> problems = new ArrayList<>();
        int errors = 0;
        long started = System.nanoTime();
        for (Case c : corpus) {
            long t0 = System.nanoTime();
            Api.Reply r = send(c);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            if (tookMs > 2_000) {
                System.out.println(
                        "slow case (" + tookMs + " ms): " + c.label() + " " + c.method() + " " + abbreviate(c.path()));
            }
            String where = c.label() + " " + c.method() + " " + abbreviate(c.path())
                    + (c.body() == null ? "" : " " + abbreviate(new String(c.body(), StandardCharsets.UTF_8)))
                    + " -> " + r.status() + " " + abbreviate(r.raw().body());
            if (r.status() >= 500) {
                problems.add("5xx: " + where);
            }
            if (r.status() >= 400) {
                errors++;
                if (!isErrorEnvelope(r)) {
                    problems.add("not the error envelope: " + where);
                }
                Map<String, List<Map<String, AttributeValue>>> now = tables();
                if (!now.equals(before)) {
                    problems.add("wrote despite the error: " + where);
                }
                before = now;
            } else {
                if (c.mustFail()) {
                    problems.add("accepted: " + where);
                }
                before = tables();
            }
        }
        System.out.printf(
                "bad-input corpus: %d cases, %d errors, %.1f s%n",
                corpus.size(), errors, (System.nanoTime() - started) / 1e9);
        assertThat(problems).as("%d cases, %d errors", corpus.size(), errors).isEmpty();
    }

    private static boolean isErrorEnvelope(Api.Reply r) {
        var body = r.body();
        if (body == null
                || !body.isObject()
                || body.size() != 2
                || !body.path("success").isBoolean()
                || body.get("success").asBoolean()) {
            return false;
        }
        var error = body.get("error");
        return error != null
                && error.isObject()
                && error.size() == 1
                && error.path("message").isTextual()
                && !error.get("message").asText().isBlank();
    }

    private Api.Reply send(Case c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api.base() + c.path()))
                .timeout(Duration.ofSeconds(30))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        c.headers().forEach(b::header);
        try {
            return api.send(b.build());
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "no JSON answer for " + c.label() + " " + c.method() + " " + abbreviate(c.path()) + ": " + e, e);
        }
    }

    /**
     * Every table's items, sorted, except the rate-limit counters (every request moves those): the rate-limits table
     * and the per-minute counters on each token's own item ({@code rl_*}, the counted token lookup).
     */
    private Map<String, List<Map<String, AttributeValue>>> tables() {
        Map<String, List<Map<String, AttributeValue>>> all = new TreeMap<>();
        for (String table : dynamo.listTables().tableNames()) {
            if (table.toLowerCase(java.util.Locale.ROOT).contains("ratelimit")) {
                continue;
            }
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            dynamo.scanPaginator(s -> s.tableName(table).consistentRead(true))
                    .items()
                    .forEach(item -> {
                        Map<String, AttributeValue> kept = new TreeMap<>(item);
                        kept.keySet().removeIf(name -> name.startsWith("rl_"));
                        items.add(kept);
                    });
            items.sort(Comparator.comparing(Object::toString));
            all.put(table, items);
        }
        return all;
    }

    // ---- the corpus -------------------------------------------------------------------------------------------

    private void buildCorpus(Random random) {
        brokenBodies(random);
        wrongTypes();
        wrongMethods();
        badNames();
        badTokens(random);
        badQueries();
        adminRoute(random);
    }

    private void add(String label, String method, String path, String token, byte[] body, boolean mustFail) {
        Map<String, String> headers = new TreeMap<>();
        if (token != null) {
            headers.put("token", token);
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        corpus.add(new Case(label, method, path, headers, body, mustFail));
    }

    private void add(String label, String method, String path, String token, String body, boolean mustFail) {
        add(label, method, path, token, body == null ? null : body.getBytes(StandardCharsets.UTF_8), mustFail);
    }

    /** The four JSON-body routes, each with the account token. */
    private static List<String> bodyRoutes() {
        return List.of(
                "/api/instance/new",
                "/api/instance/settings/" + NAME,
                "/api/instance/proxy/" + NAME,
                "/api/instance/s3/" + NAME);
    }

    private void brokenBodies(Random random) {
        List<byte[]> bodies = new ArrayList<>();
        for (String s : List.of(
                "",
                " ",
                "{",
                "}",
                "[",
                "]",
                "{\"a\":}",
                "{\"a\":1,}",
                "{a:1}",
                "{'a':1}",
                "null",
                "true",
                "1",
                "-0",
                "\"str\"",
                "[]",
                "[{}]",
                "{\"a\":NaN}",
                "{\"a\":Infinity}",
                "/*c*/{\"a\":1}",
                "{\"a\":1}garbage",
                "{\"a\":1}{\"b\":2}",
                "{\"x\":\"\\ud800\"}",
                "{\"x\":\"\\u00\"}",
                "{\"\":}",
                "{\"name\":\"" + NAME + "\"",
                "\u0000",
                "{\"a\":01}",
                "{\"a\":.5}",
                "{\"a\":+1}",
                "{\"a\":0x10}",
                "{\"a\":1e99999999}",
                "{\"a\":-1e99999999}",
                "{\"a\":123456789012345678901234567890e-400000}",
                "{\"a\":\"\t\"}",
                "\uFEFF\uFEFF{}",
                "{\"a\":[1,2,}",
                "{\"a\" 1}",
                "{,}")) {
            bodies.add(s.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add("[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        bodies.add("{\"a\":".repeat(20_000).getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}").getBytes(StandardCharsets.UTF_8));
        bodies.add(("{\"callRejectMessage\":\"" + "x".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}); // invalid UTF-8
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'}); // overlong '/'
        bodies.add(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'});
        bodies.add("{\"a\":1}".getBytes(StandardCharsets.UTF_16)); // UTF-16 with a BOM
        bodies.add("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE));
        for (int i = 0; i < 6; i++) { // random bytes
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            bodies.add(junk);
        }
        for (String route : bodyRoutes()) {
            for (byte[] body : bodies) {
                add("broken-json", "POST", route, account, body, true);
            }
        }
    }

    private void wrongTypes() {
        String settings = "/api/instance/settings/" + NAME;
        for (String field : SETTINGS_BOOLEANS) {
            for (String value : NON_BOOLEANS) {
                add("wrong-type", "POST", settings, account, "{\"" + field + "\":" + value + "}", true);
            }
        }
        for (String value : NON_STRINGS) {
            add("wrong-type", "POST", settings, account, "{\"callRejectMessage\":" + value + "}", true);
        }
        add("unknown-field", "POST", settings, account, "{\"nope\":true}", true);
        add("empty-patch", "POST", settings, account, "{}", true);

        String proxy = "/api/instance/proxy/" + NAME;
        for (String field : PROXY_STRINGS) {
            for (String value : NON_STRINGS) {
                add("wrong-type", "POST", proxy, account, "{\"" + field + "\":" + value + "}", true);
            }
        }
        for (String value : List.of(
                "\"abc\"",
                "\"-1\"",
                "\"0\"",
                "\"70000\"",
                "70000",
                "-5",
                "1.5",
                "{}",
                "[]",
                "true",
                "1e400",
                "\"1080 \"",
                "99999999999999999999")) {
            add("bad-port", "POST", proxy, account, "{\"port\":" + value + "}", true);
        }
        for (String value : List.of("\"ftp\"", "\"SOCKS4\"", "5", "{}", "\"\"")) {
            add("bad-protocol", "POST", proxy, account, "{\"protocol\":" + value + "}", true);
        }
        for (String value : NON_BOOLEANS) {
            add("wrong-type", "POST", proxy, account, "{\"enabled\":" + value + "}", true);
        }
        add("unknown-field", "POST", proxy, account, "{\"hostname\":\"x\"}", true);

        String s3 = "/api/instance/s3/" + NAME;
        for (String field : S3_STRINGS) {
            for (String value : NON_STRINGS) {
                add("wrong-type", "POST", s3, account, "{\"" + field + "\":" + value + "}", true);
            }
        }
        for (String value : NON_BOOLEANS) {
            add("wrong-type", "POST", s3, account, "{\"enabled\":" + value + "}", true);
        }
        add("unknown-field", "POST", s3, account, "{\"bucketName\":\"x\"}", true);

        String create = "/api/instance/new";
        for (String name : List.of(
                "\"\"",
                "\"" + "a".repeat(65) + "\"",
                "\"bad name\"",
                "\"a/b\"",
                "\"ção\"",
                "\"a\\u0000\"",
                "5",
                "{}",
                "[]",
                "null",
                "true")) {
            add("bad-name", "POST", create, account, "{\"name\":" + name + "}", true);
        }
        add("missing-name", "POST", create, account, "{\"token\":\"" + "t".repeat(40) + "\"}", true);
        add("taken-name", "POST", create, account, "{\"name\":\"" + NAME + "\"}", true);
        for (String token : List.of("5", "{}", "[]", "true")) {
            add(
                    "wrong-type",
                    "POST",
                    create,
                    account,
                    "{\"name\":\"t" + token.length() + token.hashCode() + "\",\"token\":" + token + "}",
                    true);
        }
        Map<String, List<String>> fields = Map.of(
                "proxyPort", List.of("\"abc\"", "\"70000\"", "{}", "true"),
                "proxyProtocol", List.of("\"ftp\"", "5"),
                "chatwootAccountId", List.of("\"x\"", "1.5", "{}", "1e30", "99999999999999999999"),
                "webhookURL",
                        List.of(
                                "5",
                                "{}",
                                "\"not a url\"",
                                "\"ftp://x.example.com\"",
                                "[\"https://a.example.com\",\"https://b.example.com\",\"https://c.example.com\","
                                        + "\"https://d.example.com\"]",
                                "[5]"),
                "webhookEvents", List.of("[1]", "[{}]", "[\"Not An Event!\"]", "5"),
                "keepOnlineStatus", List.of("\"yes\"", "1", "{}"),
                "s3Bucket", List.of("{}", "[]"),
                "webhookEnabled", List.of("\"true\"", "1"));
        int[] n = {0};
        new TreeMap<>(fields)
                .forEach((field, values) -> values.forEach(value -> add(
                        "wrong-type",
                        "POST",
                        create,
                        account,
                        "{\"name\":\"w" + (n[0]++) + "\",\"" + field + "\":" + value + "}",
                        true)));
        add("unknown-field", "POST", create, account, "{\"name\":\"c1\",\"instanceName\":\"x\"}", true);
    }

    /** Every route with the methods it does not take: 404 (no such route), never a 5xx. */
    private void wrongMethods() {
        Map<String, String> routes = new TreeMap<>(Map.ofEntries(
                Map.entry("/api/instance/new", "POST"),
                Map.entry("/api/instance/list", "GET"),
                Map.entry("/api/instance/delete/" + NAME, "DELETE"),
                Map.entry("/api/instance/connect/" + NAME, "GET"),
                Map.entry("/api/instance/reconnect/" + NAME, "POST"),
                Map.entry("/api/instance/logout/" + NAME, "DELETE"),
                Map.entry("/api/instance/getSettings/" + NAME, "GET"),
                Map.entry("/api/instance/settings/" + NAME, "POST"),
                Map.entry("/api/instance/getProxy/" + NAME, "GET"),
                Map.entry("/api/instance/proxy/" + NAME, "POST"),
                Map.entry("/api/instance/getS3/" + NAME, "GET"),
                Map.entry("/api/instance/s3/" + NAME, "POST"),
                Map.entry("/api/admin/accounts", "POST")));
        routes.forEach((path, allowed) -> {
            for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
                if (!method.equals(allowed)) {
                    add(
                            "wrong-method",
                            method,
                            path,
                            account,
                            method.equals("GET") || method.equals("DELETE") ? null : "{\"name\":\"x\"}",
                            true);
                }
            }
        });
        // not "/": on the local stack that is the web console's page (AWS answers it with the $default route's 404)
        for (String path : List.of(
                "/api",
                "/api/instance",
                "/api/instance/",
                "/api/instance/nope/" + NAME,
                "/api/instance/list/extra",
                "/api/instance/getSettings/" + NAME + "/extra",
                "//api/instance/list",
                "/API/INSTANCE/LIST",
                "/api/instance/getSettings")) {
            add("no-route", "GET", path, account, (String) null, true);
        }
    }

    /** Instance names that are invalid, absent or hostile, on every instance route. */
    private void badNames() {
        List<String> names = List.of(
                "a".repeat(65),
                "a".repeat(5_000),
                "%00",
                "%ff%fe",
                "..%2F..%2Fetc",
                "%E5%90%8D%E5%89%8D",
                "a%20b",
                "%3Cscript%3E",
                NAME + "%2Fx",
                "nope",
                "SHOP",
                "%25",
                "-",
                "_x_",
                "%0d%0aSet-Cookie:x");
        Map<String, String> routes = Map.of(
                "getSettings",
                "GET",
                "settings",
                "POST",
                "getProxy",
                "GET",
                "proxy",
                "POST",
                "getS3",
                "GET",
                "s3",
                "POST",
                "connect",
                "GET",
                "reconnect",
                "POST",
                "logout",
                "DELETE",
                "delete",
                "DELETE");
        new TreeMap<>(routes).forEach((route, method) -> {
            for (String name : names) {
                add(
                        "bad-name",
                        method,
                        "/api/instance/" + route + "/" + name,
                        account,
                        method.equals("POST") ? "{\"keepOnlineStatus\":true,\"enabled\":true}" : null,
                        true);
            }
        });
    }

    private void badTokens(Random random) {
        List<String> paths = List.of(
                "/api/instance/list",
                "/api/instance/getSettings/" + NAME,
                "/api/instance/getProxy/" + NAME,
                "/api/instance/getS3/" + NAME);
        for (int i = 0; i < 40; i++) {
            StringBuilder t = new StringBuilder();
            int len = 1 + random.nextInt(80);
            for (int j = 0; j < len; j++) {
                t.append((char) ('!' + random.nextInt(94)));
            }
            add("random-token", "GET", paths.get(i % paths.size()), t.toString(), (String) null, true);
        }
        for (String path : paths) {
            add("no-token", "GET", path, null, (String) null, true);
            add("huge-token", "GET", path, "t".repeat(8_000), (String) null, true);
            add("blank-token", "GET", path, " ", (String) null, true);
            corpus.add(new Case("empty-bearer", "GET", path, Map.of("Authorization", "Bearer "), null, true));
            corpus.add(new Case("basic-auth", "GET", path, Map.of("Authorization", "Basic " + account), null, true));
            corpus.add(new Case("bearer-typo", "GET", path, Map.of("Authorization", "Bearer" + account), null, true));
        }
        for (String route : List.of("getSettings", "getProxy", "getS3")) {
            add("other-instance", "GET", "/api/instance/" + route + "/other", instanceToken, (String) null, true);
        }
        add(
                "other-instance",
                "POST",
                "/api/instance/settings/other",
                instanceToken,
                "{\"keepOnlineStatus\":true}",
                true);
        add("account-only", "POST", "/api/instance/new", instanceToken, "{\"name\":\"c2\"}", true);
        add("account-only", "DELETE", "/api/instance/delete/" + NAME, instanceToken, (String) null, true);
        add("account-only", "DELETE", "/api/instance/delete/other", instanceToken, (String) null, true);
    }

    private void badQueries() {
        String connect = "/api/instance/connect/" + NAME;
        for (String q : List.of(
                "number=abc",
                "number=%2B",
                "number=" + "1".repeat(40),
                "number=%2B1%20555",
                "number=%00",
                "history=-1",
                "history=0",
                "history=abc",
                "history=1e99",
                "history=99999999999999999999",
                "history=3651",
                "history=1.5",
                "history=%25zz",
                "number=15551234567&history=x")) {
            add("bad-query", "GET", connect + "?" + q, account, (String) null, true);
        }
        StringBuilder many = new StringBuilder("instanceName=");
        for (int i = 0; i < 1_000; i++) {
            many.append(i == 0 ? "" : ",").append("n").append(i);
        }
        add("long-filter", "GET", "/api/instance/list?" + many, account, (String) null, false);
        add("bad-filter", "GET", "/api/instance/list?instanceName=" + "a".repeat(65), account, (String) null, true);
        add("bad-encoding", "GET", "/api/instance/list?instanceName=%25zz", account, (String) null, false);
    }

    private void adminRoute(Random random) {
        String path = "/api/admin/accounts";
        byte[] body = "{\"name\":\"acme\",\"instanceQuota\":5}".getBytes(StandardCharsets.UTF_8);
        corpus.add(new Case("admin-no-secret", "POST", path, Map.of("Content-Type", "application/json"), body, true));
        for (int i = 0; i < 6; i++) {
            byte[] secret = new byte[8 + random.nextInt(40)];
            random.nextBytes(secret);
            corpus.add(new Case(
                    "admin-bad-secret",
                    "POST",
                    path,
                    Map.of(
                            "x-admin-secret",
                            java.util.HexFormat.of().formatHex(secret),
                            "Content-Type",
                            "application/json"),
                    body,
                    true));
        }
        String secret = stack.adminSecret();
        for (String bad : List.of(
                "",
                "{",
                "[]",
                "{\"name\":5}",
                "{\"name\":\"acme\",\"instanceQuota\":\"x\"}",
                "{\"name\":\"acme\",\"instanceQuota\":-1}",
                "{\"name\":\"acme\",\"instanceQuota\":1e400}",
                "{\"name\":\"acme\",\"token\":{}}",
                "{\"name\":\"\"}",
                "{\"nope\":1}")) {
            corpus.add(new Case(
                    "admin-bad-body",
                    "POST",
                    path,
                    Map.of("x-admin-secret", secret, "Content-Type", "application/json"),
                    bad.getBytes(StandardCharsets.UTF_8),
                    true));
        }
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 160 ? one : one.substring(0, 157) + "…";
    }
}
