package io.zapgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.core.log.Log;
import io.zapgate.local.LocalStack;
import io.zapgate.local.LocalStackConfig;
import io.zapgate.testsupport.SdkCallCounter;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What keeping sessions costs on AWS, counted rather than estimated: the local stack with one session host in
 * this JVM (the SDK interceptor {@link SdkCallCounter} sees every DynamoDB and SQS call it makes), the host's default
 * lease TTL, N instances linked by QR. It counts the calls of an idle window (renewals, sweeps, long
 * polls) and of a burst of {@code settings} updates (each a command to the session host), per operation and
 * table/queue, and turns them into requests per instance-hour, per command, and dollars for 10,000 instances on
 * 10 hosts a month.
 *
 * <p>Arguments: {@code [instances] [idleSeconds] [commands]} (defaults 50, 180, 100).
 */
public final class FleetCostBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** us-east-1 on-demand: per million write / read request units, per million SQS FIFO requests. */
    private static final double WRU = 0.625;

    private static final double RRU = 0.125;
    private static final double SQS_FIFO = 0.50;
    private static final double HOURS_A_MONTH = 730;

    private FleetCostBench() {}

    public static void main(String[] args) throws Exception {
        int instances = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int idleSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        int commands = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Log.configure(Log.Level.ERROR, System.out);
        System.out.printf(
                "machine: %d cores, JDK %s; %d instances on 1 session host, the host's default lease TTL, idle %d s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), instances, idleSeconds);
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            LocalStackConfig config = LocalStackConfig.from(
                    Map.ofEntries(
                            Map.entry("ZAPGATE_PORT", "0"),
                            Map.entry("ZAPGATE_LOG_LEVEL", "ERROR"),
                            Map.entry("ZAPGATE_WA_URL", fake.wsUrl().toString()),
                            Map.entry("ZAPGATE_WA_ROOT_KEY", fake.rootPublicKeyHex()),
                            Map.entry("ZAPGATE_WA_VERSION_URL", "off"),
                            Map.entry("ZAPGATE_RATE_LIMIT_GLOBAL", "1000000"),
                            Map.entry("ZAPGATE_RATE_LIMIT_CREATE", "1000000"),
                            Map.entry("ZAPGATE_INSTANCE_QUOTA", Integer.toString(Math.max(100, instances)))),
                    new String[] {"--in-memory"});
            try (LocalStack stack = LocalStack.start(config, Clock.systemUTC())) {
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 1; i <= instances; i++) {
                    String name = "cost-" + i;
                    call(http, stack, "POST", "/api/instance/new", "{\"name\":\"" + name + "\"}", 201);
                    JsonNode qr = call(http, stack, "GET", "/api/instance/connect/" + name, null, 200);
                    fake.phone().scanQr(qr.get("qrCode").asText()).get(60, TimeUnit.SECONDS);
                }
                awaitAllConnected(http, stack, instances);
                Thread.sleep(5_000); // let the logins' own writes (pre-keys, state) settle before counting

                Map<String, Long> db0 = SdkCallCounter.snapshotByTarget("DynamoDb");
                Map<String, Long> sqs0 = SdkCallCounter.snapshotByTarget("Sqs");
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds));
                double hours = (System.nanoTime() - t0) / 3.6e12;
                Map<String, Long> db = delta(db0, SdkCallCounter.snapshotByTarget("DynamoDb"));
                Map<String, Long> sqs = delta(sqs0, SdkCallCounter.snapshotByTarget("Sqs"));
                System.out.printf(
                        "%nidle: calls per instance-hour (per host-hour for polls and sweeps; the event queues are"
                                + " polled by the local stack's stand-in for Lambda's event source mappings)%n");
                print(db, sqs, hours * instances, hours);

                double leaseWrites = perInstanceHour(db, "UpdateItem", "SessionLeases", hours * instances);
                // each renewal moves expiresAt, the sort key of the byShardExpiry index: +2 WRU on the index
                double wruPerInstanceHour = leaseWrites * 3;
                double sweepQueries = perInstanceHour(db, "Query", "SessionLeases", hours);
                // the session host's own polls: the shared command queue and its own queue; the local stack
                // polls with a 1 s wait (quick shutdown), ECS with the 20 s long poll: 180 per queue-hour
                long hostQueues = sqs.keySet().stream()
                        .filter(k -> k.startsWith("ReceiveMessage") && k.contains("CommandQueue"))
                        .count();
                double polls = sqs.entrySet().stream()
                                .filter(e -> e.getKey().startsWith("ReceiveMessage")
                                        && e.getKey().contains("CommandQueue"))
                                .mapToLong(Map.Entry::getValue)
                                .sum()
                        / hours;
                double ecsPolls = hostQueues * 3600 / 20.0;

                Map<String, Long> cdb0 = SdkCallCounter.snapshotByTarget("DynamoDb");
                Map<String, Long> csqs0 = SdkCallCounter.snapshotByTarget("Sqs");
                for (int i = 0; i < commands; i++) {
                    String name = "cost-" + (1 + i % instances);
                    call(
                            http,
                            stack,
                            "POST",
                            "/api/instance/settings/" + name,
                            "{\"autoReadMessages\":" + (i % 2 == 0) + "}",
                            200);
                }
                Thread.sleep(3_000); // the host applies the last commands
                Map<String, Long> cdb = delta(cdb0, SdkCallCounter.snapshotByTarget("DynamoDb"));
                Map<String, Long> csqs = delta(csqs0, SdkCallCounter.snapshotByTarget("Sqs"));
                System.out.printf(
                        "%n%d settings updates (API + command to the host): calls per command, idle background"
                                + " included%n",
                        commands);
                print(cdb, csqs, commands, commands);

                double month = 10_000 * HOURS_A_MONTH;
                double leaseCost = month * wruPerInstanceHour * WRU / 1e6;
                double sweepCost = 10 * HOURS_A_MONTH * sweepQueries * 0.5 * RRU / 1e6;
                double sqsCost = Math.max(0, 10 * HOURS_A_MONTH * ecsPolls - 1e6) * SQS_FIFO / 1e6;
                System.out.printf(
                        "%nmeasured: %.0f lease writes per instance-hour (= %.0f WRU with the index), %.0f sweep"
                                + " queries per host-hour, %.0f command-queue receives per host-hour at the local"
                                + " stack's 1 s wait (%d queues: %.0f with ECS's 20 s long poll)%n",
                        leaseWrites, wruPerInstanceHour, sweepQueries, polls, hostQueues, ecsPolls);
                System.out.printf(
                        "10,000 instances on 10 hosts, a month: leases $%.0f, sweeps $%.2f, SQS polling $%.2f"
                                + " (us-east-1 on-demand)%n",
                        leaseCost, sweepCost, sqsCost);
            }
        }
    }

    private static double perInstanceHour(Map<String, Long> calls, String op, String table, double per) {
        return calls.entrySet().stream()
                        .filter(e ->
                                e.getKey().startsWith(op + " ") && e.getKey().contains(table))
                        .mapToLong(Map.Entry::getValue)
                        .sum()
                / per;
    }

    private static void print(Map<String, Long> db, Map<String, Long> sqs, double per, double perHost) {
        System.out.printf("%-64s %10s %12s%n", "operation target", "calls", "per unit");
        db.forEach((k, v) -> System.out.printf(
                "%-64s %10d %12.1f%n", "DynamoDB " + shorten(k), v, v / (isHostWide(k) ? perHost : per)));
        sqs.forEach((k, v) -> System.out.printf("%-64s %10d %12.1f%n", "SQS " + shorten(k), v, v / perHost));
    }

    /** Sweeps are per host, not per instance. */
    private static boolean isHostWide(String key) {
        return key.startsWith("Query ") && key.contains("SessionLeases");
    }

    private static String shorten(String key) {
        return key.length() > 60 ? key.substring(0, 60) : key;
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(k, d);
            }
        });
        return out;
    }

    private static void awaitAllConnected(HttpClient http, LocalStack stack, int n) throws Exception {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < end) {
            long connected = 0;
            for (JsonNode i :
                    call(http, stack, "GET", "/api/instance/list", null, 200).path("instances")) {
                if ("connected".equals(i.at("/connection/state").asText())) {
                    connected++;
                }
            }
            if (connected == n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not all " + n + " instances connected within 2 minutes");
    }

    private static JsonNode call(HttpClient http, LocalStack stack, String method, String path, String body, int want)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .header("token", stack.accountToken())
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != want) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }
}
