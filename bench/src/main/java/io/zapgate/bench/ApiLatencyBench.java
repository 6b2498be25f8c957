package io.zapgate.bench;

import io.zapgate.core.log.Log;
import io.zapgate.local.LocalStack;
import io.zapgate.local.LocalStackConfig;
import io.zapgate.testsupport.MutableClock;
import io.zapgate.testsupport.SdkCallCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Latency of {@code list} and {@code getSettings} through the local stack over real HTTP (sequential and with
 * 8 concurrent clients), and DynamoDB calls per request, in all and for auth + rate limit alone (the calls on
 * the tokens and rate-limits tables, and any multi-table batch), counted by an SDK interceptor. Prints the
 * {@code GOAL|hotpath-calls|...} line of issue 10 (goal: 1 call for auth + rate limit on a warm function).
 * Rate limits are raised so the bench is not throttled.
 */
public final class ApiLatencyBench {
    private static final int WARMUP = 500;
    private static final int SEQUENTIAL = 3000;
    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    private ApiLatencyBench() {}

    public static void main(String[] args) throws Exception {
        Log.configure(Log.Level.WARN, System.out);
        LocalStackConfig config = LocalStackConfig.from(
                Map.of("ZAPGATE_PORT", "0", "ZAPGATE_LOG_LEVEL", "WARN", "ZAPGATE_RATE_LIMIT_GLOBAL", "100000000"),
                new String[] {"--in-memory"});
        try (LocalStack stack = LocalStack.start(config, MutableClock.startingAtNextMinutePlus(5))) {
            HttpClient http = HttpClient.newHttpClient();
            String token = stack.accountToken();
            send(
                    http,
                    HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/instance/new"))
                            .header("token", token)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}"))
                            .build(),
                    201);
            String tokensTable = stack.resources().get("TokensTable");
            String limitsTable = stack.resources().get("RateLimitsTable");
            System.out.printf(
                    "%-12s %-11s %8s %8s %8s %9s %12s %14s%n",
                    "route", "mode", "p50 ms", "p99 ms", "mean ms", "req/s", "dynamo/req", "auth+limit/req");
            double worstAuth = 0;
            for (String path : List.of("/api/instance/list", "/api/instance/getSettings/bench")) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                        .header("token", token)
                        .GET()
                        .build();
                for (int i = 0; i < WARMUP; i++) {
                    send(http, req, 200);
                }
                long calls0 = SdkCallCounter.total("DynamoDb");
                long auth0 = authCalls(tokensTable, limitsTable);
                long t0 = System.nanoTime();
                long[] lat = new long[SEQUENTIAL];
                for (int i = 0; i < SEQUENTIAL; i++) {
                    long s = System.nanoTime();
                    send(http, req, 200);
                    lat[i] = System.nanoTime() - s;
                }
                double auth = (authCalls(tokensTable, limitsTable) - auth0) / (double) SEQUENTIAL;
                worstAuth = Math.max(worstAuth, auth);
                report(
                        path,
                        "sequential",
                        lat,
                        System.nanoTime() - t0,
                        (SdkCallCounter.total("DynamoDb") - calls0) / (double) SEQUENTIAL,
                        auth);
                concurrent(http, req, path);
            }
            String figure = worstAuth == Math.rint(worstAuth)
                    ? String.format("%d DynamoDB call%s", (long) worstAuth, worstAuth == 1 ? "" : "s")
                    : String.format("%.2f DynamoDB calls", worstAuth);
            System.out.println("GOAL|hotpath-calls|" + figure + " (auth + rate limit, warm, valid token)|1 call|"
                    + (worstAuth <= 1.0 ? "MET" : "NOT MET"));
        }
    }

    /** Calls so far on the auth and rate-limit tables, plus batches (which name no single table). */
    private static long authCalls(String tokensTable, String limitsTable) {
        long n = 0;
        for (Map.Entry<String, Long> e :
                SdkCallCounter.snapshotByTarget("DynamoDb").entrySet()) {
            String target = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            if (target.equals(tokensTable)
                    || target.equals(limitsTable)
                    || e.getKey().startsWith("BatchGetItem")) {
                n += e.getValue();
            }
        }
        return n;
    }

    private static void concurrent(HttpClient http, HttpRequest req, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<long[]>> parts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            parts.add(pool.submit(() -> {
                long[] lat = new long[PER_THREAD];
                for (int i = 0; i < PER_THREAD; i++) {
                    long s = System.nanoTime();
                    send(http, req, 200);
                    lat[i] = System.nanoTime() - s;
                }
                return lat;
            }));
        }
        long[] all = new long[THREADS * PER_THREAD];
        int k = 0;
        for (Future<long[]> f : parts) {
            for (long v : f.get()) {
                all[k++] = v;
            }
        }
        long wall = System.nanoTime() - t0;
        pool.shutdown();
        report(path, THREADS + " clients", all, wall, Double.NaN, Double.NaN);
    }

    private static void report(
            String path, String mode, long[] lat, long wallNanos, double dynamoPerReq, double authPerReq) {
        long[] sorted = lat.clone();
        Arrays.sort(sorted);
        double p50 = sorted[sorted.length / 2] / 1e6;
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6;
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e6;
        double rps = lat.length / (wallNanos / 1e9);
        String route = path.contains("getSettings") ? "getSettings" : "list";
        System.out.printf(
                "%-12s %-11s %8.2f %8.2f %8.2f %9.0f %12s %14s%n",
                route,
                mode,
                p50,
                p99,
                mean,
                rps,
                Double.isNaN(dynamoPerReq) ? "-" : String.format("%.2f", dynamoPerReq),
                Double.isNaN(authPerReq) ? "-" : String.format("%.2f", authPerReq));
    }

    private static void send(HttpClient http, HttpRequest req, int expected) throws Exception {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(req.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
