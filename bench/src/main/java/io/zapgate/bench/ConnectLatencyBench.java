package io.zapgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.DynamoDbCommandResultSink;
import io.zapgate.aws.DynamoDbStreamCommandResults;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.ConnectTimeline;
import io.zapgate.local.LocalStack;
import io.zapgate.local.LocalStackConfig;
import io.zapgate.testsupport.SdkCallCounter;
import io.zapgate.wa.client.ReconnectSettings;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.noise.CertificateVerifier;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code connect} latency on the local stack: HTTP call → Lambda handler → SQS → session host → WhatsApp handshake
 * and first QR → results row → DynamoDB Stream → HTTP response. Two variants, each in the same run as our bare
 * client against the very same fake: (1) the fake WhatsApp in this JVM, (2) the fake in a child process
 * ({@link FakeWhatsAppProcess}). Each: our bare {@code WaClient} socket → first QR (as {@link QrLatencyBench}),
 * then warm-up, N sequential connects (each on a new instance), then M at once; per-stage breakdown from the
 * {@code connect timeline} lines the connect function logs (p50/p99 of each stage's delta from the one before).
 * Then how long the waiting Lambda takes to see a results row on the stream, with GetRecords calls counted. Prints
 * the GOAL lines of issue 10's goal 1 for variant (1).
 *
 * <p>Arguments: {@code [sequential=100] [concurrent=20] [bareRounds=100]}.
 */
public final class ConnectLatencyBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConcurrentLinkedQueue<JsonNode> TIMELINES = new ConcurrentLinkedQueue<>();

    private ConnectLatencyBench() {}

    record Run(
            String label,
            long[] bare,
            long[] seq,
            long[] conc,
            List<JsonNode> seqTimelines,
            List<JsonNode> concTimelines,
            String calls) {}

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int bareRounds = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Log.configure(Log.Level.ERROR, System.out);

        Run inProcess;
        double stream;
        long getRecords;
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            try (LocalStack stack = start(fake.wsUrl(), fake.rootPublicKeyHex())) {
                captureTimelines();
                inProcess = measure(
                        "fake WhatsApp in this JVM",
                        stack,
                        options(fake.wsUrl(), fake.certificateVerifier()),
                        sequential,
                        concurrent,
                        bareRounds);
                long before = SdkCallCounter.count("DynamoDbStreams", "GetRecords");
                stream = streamNotice(stack);
                getRecords = SdkCallCounter.count("DynamoDbStreams", "GetRecords") - before;
            }
        }
        Run child;
        long pid;
        try (FakeWhatsAppProcess fake = FakeWhatsAppProcess.start("512m")) {
            pid = fake.pid();
            Log.configure(Log.Level.ERROR, System.out);
            try (LocalStack stack = start(fake.wsUrl(), rootKeyOf(fake))) {
                captureTimelines();
                child = measure(
                        "fake WhatsApp in a child process",
                        stack,
                        options(fake.wsUrl(), fake.certificateVerifier()),
                        sequential,
                        concurrent,
                        bareRounds);
            }
        }
        Log.configure(Log.Level.ERROR, System.out);
        report(inProcess);
        report(child);
        System.out.printf("(child process pid %d)%n", pid);
        double seqP50 = percentile(inProcess.seq, 0.5) / 1e6;
        System.out.printf(
                "results row → seen on the stream: mean %.1f ms (%.0f%% of a sequential p50 connect); %d GetRecords"
                        + " calls for 100 waits%n",
                stream, 100 * stream / seqP50, getRecords);

        double bareP50 = percentile(inProcess.bare, 0.5) / 1e6;
        double seqP99 = percentile(inProcess.seq, 0.99) / 1e6;
        double concP99 = percentile(inProcess.conc, 0.99) / 1e6;
        goal("connect-seq-median", seqP50, 1.5 * bareP50, String.format("1.5× bare %.1f ms", bareP50));
        goal("connect-seq-p99", seqP99, 2 * seqP50, "2× median");
        goal("connect-" + concurrent + "-p99", concP99, 3 * seqP50, "3× sequential median");
    }

    private static void goal(String id, double figure, double target, String how) {
        System.out.printf(
                "GOAL|%s|%.1f ms|≤ %.1f ms (%s)|%s%n", id, figure, target, how, figure <= target ? "MET" : "NOT MET");
    }

    private static LocalStack start(URI wsUrl, String rootKeyHex) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "ZAPGATE_PORT",
                "0",
                "ZAPGATE_LOG_LEVEL",
                "ERROR",
                "ZAPGATE_WA_URL",
                wsUrl.toString(),
                "ZAPGATE_WA_ROOT_KEY",
                rootKeyHex,
                "ZAPGATE_WA_VERSION_URL",
                "off",
                "ZAPGATE_RATE_LIMIT_GLOBAL",
                "1000000",
                "ZAPGATE_RATE_LIMIT_CREATE",
                "1000000",
                "ZAPGATE_INSTANCE_QUOTA",
                "1000"));
        return LocalStack.start(LocalStackConfig.from(env, new String[] {"--in-memory"}), Clock.systemUTC());
    }

    private static String rootKeyOf(FakeWhatsAppProcess fake) {
        return fake.rootPublicKeyHex();
    }

    private static WaClientOptions options(URI url, CertificateVerifier verifier) {
        return WaClientOptions.builder()
                .url(url)
                .certificateValidator(verifier)
                .reconnect(ReconnectSettings.DISABLED)
                .build();
    }

    /** From here on, only the connect function's {@code connect timeline} lines are kept (the stack set the log up). */
    private static void captureTimelines() {
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void println(Object x) {
                println(String.valueOf(x));
            }

            @Override
            public void println(String line) {
                if (line != null && line.contains("\"connect timeline\"")) {
                    try {
                        TIMELINES.add(JSON.readTree(line));
                    } catch (Exception e) {
                        // not ours
                    }
                }
            }
        };
        Log.configure(Log.Level.INFO, sink);
    }

    private static Run measure(
            String label, LocalStack stack, WaClientOptions bareOptions, int sequential, int concurrent, int bareRounds)
            throws Exception {
        for (int i = 0; i < 20; i++) {
            QrLatencyBench.once(bareOptions);
        }
        long[] bare = new long[bareRounds];
        for (int i = 0; i < bareRounds; i++) {
            bare[i] = QrLatencyBench.once(bareOptions)[2];
        }
        HttpClient http = HttpClient.newHttpClient();
        String tag = Long.toString(System.nanoTime() % 100000);
        for (int i = 0; i < 5; i++) {
            connect(http, stack, "warm" + tag + i);
        }
        TIMELINES.clear();
        long getRecords0 = SdkCallCounter.count("DynamoDbStreams", "GetRecords");
        long describe0 = SdkCallCounter.count("DynamoDbStreams", "DescribeStream");
        long[] seq = new long[sequential];
        for (int i = 0; i < sequential; i++) {
            seq[i] = connect(http, stack, "seq" + tag + i);
        }
        List<JsonNode> seqTimelines = drain();
        long getRecords1 = SdkCallCounter.count("DynamoDbStreams", "GetRecords");
        long describe1 = SdkCallCounter.count("DynamoDbStreams", "DescribeStream");
        long c0 = System.nanoTime();
        long[] conc = concurrent(http, stack, concurrent, tag);
        double concSeconds = (System.nanoTime() - c0) / 1e9;
        List<JsonNode> concTimelines = drain();
        long getRecords2 = SdkCallCounter.count("DynamoDbStreams", "GetRecords");
        String calls = String.format(
                "results stream: sequential %.1f GetRecords and %.2f DescribeStream per connect; %d at once: %d"
                        + " GetRecords in %.2f s = %.0f/s on the shard (AWS serves about 5/s per shard)",
                (getRecords1 - getRecords0) / (double) sequential,
                (describe1 - describe0) / (double) sequential,
                concurrent,
                getRecords2 - getRecords1,
                concSeconds,
                (getRecords2 - getRecords1) / concSeconds);
        return new Run(label, bare, seq, conc, seqTimelines, concTimelines, calls);
    }

    private static List<JsonNode> drain() {
        List<JsonNode> out = new ArrayList<>(TIMELINES);
        TIMELINES.clear();
        return out;
    }

    private static void report(Run r) {
        System.out.println("-- " + r.label + " --");
        System.out.printf("%-38s %8s %8s %8s%n", "", "p50 ms", "p99 ms", "max ms");
        row("bare client: socket open → first QR", r.bare);
        row("connect HTTP → QR, " + r.seq.length + " sequential", r.seq);
        row("connect HTTP → QR, " + r.conc.length + " at once", r.conc);
        System.out.printf(
                "stack / bare (p50): %.1f×; %d at once p99 / sequential p50: %.1f×%n",
                percentile(r.seq, 0.5) / (double) percentile(r.bare, 0.5),
                r.conc.length,
                percentile(r.conc, 0.99) / (double) percentile(r.seq, 0.5));
        System.out.println(r.calls);
        breakdown("sequential", r.seqTimelines);
        breakdown(r.conc.length + " at once", r.concTimelines);
    }

    /** p50/p99 of each stage's delta from the stage before it (ms), over the connects' timelines. */
    private static void breakdown(String label, List<JsonNode> timelines) {
        System.out.printf("stage breakdown, %s (%d timelines): delta from the stage before%n", label, timelines.size());
        System.out.printf("  %-34s %8s %8s%n", "stage", "p50 ms", "p99 ms");
        ConnectTimeline.Stage[] stages = ConnectTimeline.Stage.values();
        for (int s = 1; s < stages.length; s++) {
            long[] deltas = new long[timelines.size()];
            int n = 0;
            for (JsonNode t : timelines) {
                if (t.has(stages[s].key()) && t.has(stages[s - 1].key())) {
                    double d = Double.parseDouble(t.get(stages[s].key()).asText())
                            - Double.parseDouble(t.get(stages[s - 1].key()).asText());
                    deltas[n++] = Math.round(d * 1000); // µs
                }
            }
            long[] got = Arrays.copyOf(deltas, n);
            System.out.printf(
                    "  %-34s %8.2f %8.2f%n",
                    stages[s - 1].key() + " → " + stages[s].key(),
                    n == 0 ? Double.NaN : percentile(got, 0.5) / 1e3,
                    n == 0 ? Double.NaN : percentile(got, 0.99) / 1e3);
        }
        long[] total = timelines.stream()
                .mapToLong(t -> Math.round(Double.parseDouble(t.get("totalMs").asText()) * 1000))
                .toArray();
        if (total.length > 0) {
            System.out.printf(
                    "  %-34s %8.2f %8.2f%n",
                    "httpIn → httpOut", percentile(total, 0.5) / 1e3, percentile(total, 0.99) / 1e3);
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

    private static long[] concurrent(HttpClient http, LocalStack stack, int n, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<Future<Long>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "par" + tag + i;
            all.add(pool.submit(() -> connect(http, stack, name)));
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
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
                "%-38s %8.1f %8.1f %8.1f%n",
                label,
                percentile(nanos, 0.5) / 1e6,
                percentile(nanos, 0.99) / 1e6,
                Arrays.stream(nanos).max().orElse(0) / 1e6);
    }

    private static long percentile(long[] values, double p) {
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
