package io.zapgate.bench;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbCommandResultSink;
import io.zapgate.aws.DynamoDbStreamCommandResults;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.local.LocalStack;
import io.zapgate.local.LocalStackConfig;
import io.zapgate.testsupport.SdkCallCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code connect} latency on the local stack with the offline fake WhatsApp: HTTP call → Lambda handler → SQS →
 * session host → WhatsApp handshake and first QR → results row → DynamoDB Stream → HTTP response. 100
 * sequential connects, then 20 at once; and, separately, how long the waiting Lambda takes to see a results
 * row on the stream (the share of connect spent waiting on the stream), with GetRecords calls counted.
 */
public final class ConnectLatencyBench {
    private static final int SEQUENTIAL = 100;
    private static final int CONCURRENT = 20;

    private ConnectLatencyBench() {}

    public static void main(String[] args) throws Exception {
        Log.configure(Log.Level.ERROR, System.out);
        LocalStackConfig config = LocalStackConfig.from(
                Map.of(
                        "ZAPGATE_PORT",
                        "0",
                        "ZAPGATE_LOG_LEVEL",
                        "ERROR",
                        "ZAPGATE_FAKE_WA",
                        "1",
                        "ZAPGATE_FAKE_WA_CONTROL_PORT",
                        "0",
                        "ZAPGATE_RATE_LIMIT_GLOBAL",
                        "1000000",
                        "ZAPGATE_RATE_LIMIT_CREATE",
                        "1000000",
                        "ZAPGATE_INSTANCE_QUOTA",
                        "1000"),
                new String[] {"--in-memory"});
        try (LocalStack stack = LocalStack.start(config, Clock.systemUTC())) {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                connect(http, stack, "warm" + i);
            }
            long[] seq = new long[SEQUENTIAL];
            for (int i = 0; i < SEQUENTIAL; i++) {
                seq[i] = connect(http, stack, "seq" + i);
            }
            long[] conc = concurrent(http, stack);
            double stream = streamNotice(stack);
            System.out.printf("%-22s %8s %8s %8s%n", "connect (HTTP → QR)", "p50 ms", "p99 ms", "max ms");
            row("sequential x" + SEQUENTIAL, seq);
            row(CONCURRENT + " concurrent", conc);
            double p50 = percentile(seq, 0.5) / 1e6;
            System.out.printf(
                    "results row → seen on the stream: mean %.1f ms (%.0f%% of a sequential p50 connect)%n",
                    stream, 100 * stream / p50);
            System.out.printf(
                    "DynamoDB Streams GetRecords calls: %d in total%n",
                    SdkCallCounter.count("DynamoDbStreams", "GetRecords"));
        }
    }

    private static long connect(HttpClient http, LocalStack stack, String name) throws Exception {
        send(
                http,
                HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/instance/new"))
                        .header("token", stack.accountToken())
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                201);
        HttpRequest req = HttpRequest.newBuilder(URI.create(stack.baseUrl() + "/api/instance/connect/" + name))
                .header("token", stack.accountToken())
                .GET()
                .build();
        long t0 = System.nanoTime();
        String body = send(http, req, 200);
        long t = System.nanoTime() - t0;
        if (!body.contains("\"qrCode\"")) {
            throw new IllegalStateException("no QR: " + body);
        }
        return t;
    }

    private static long[] concurrent(HttpClient http, LocalStack stack) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        List<Future<Long>> all = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            String name = "par" + i;
            all.add(pool.submit(() -> connect(http, stack, name)));
        }
        long[] out = new long[CONCURRENT];
        for (int i = 0; i < CONCURRENT; i++) {
            out[i] = all.get(i).get();
        }
        pool.shutdown();
        return out;
    }

    /** Mean time from writing a results row to the waiter seeing it on the stream (100 samples). */
    private static double streamNotice(LocalStack stack) throws Exception {
        var e = stack.awsEndpoints();
        var target = new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey());
        String table = stack.resources().get("ConnectResultsTable");
        CommandResults results = new DynamoDbStreamCommandResults(
                AwsClients.dynamoDb(target), AwsClients.dynamoDbStreams(target), table, Duration.ofMillis(100));
        DynamoDbCommandResultSink sink = new DynamoDbCommandResultSink(AwsClients.dynamoDb(target), table);
        long total = 0;
        int n = 100;
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            try (CommandResults.Pending p = results.expect(id)) {
                long t0 = System.nanoTime();
                sink.publish(new CommandResult(
                        id, "bench", "bench", CommandResult.Kind.DONE, null, null, null, null, Instant.now()));
                if (p.await(Duration.ofSeconds(5)).isEmpty()) {
                    throw new IllegalStateException("no command result within 5 s");
                }
                total += System.nanoTime() - t0;
            }
        }
        return total / 1e6 / n;
    }

    private static void row(String label, long[] nanos) {
        System.out.printf(
                "%-22s %8.1f %8.1f %8.1f%n",
                label,
                percentile(nanos, 0.5) / 1e6,
                percentile(nanos, 0.99) / 1e6,
                Arrays.stream(nanos).max().orElse(0) / 1e6);
    }

    private static double percentile(long[] values, double p) {
        long[] s = values.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(s.length * p) - 1)];
    }

    private static String send(HttpClient http, HttpRequest req, int expected) throws Exception {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(req.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
