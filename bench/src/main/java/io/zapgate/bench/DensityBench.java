package io.zapgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.core.log.Log;
import io.zapgate.local.LocalStack;
import io.zapgate.local.LocalStackConfig;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Density of the whole session host (issue 10, goal 2): the local stack (DynamoDB Local + ElasticMQ, the API
 * functions, the fake WhatsApp in this JVM) with <em>one session host in its own process</em>
 * ({@code ZAPGATE_SESSION_HOST_JVM_OPTIONS}), so that the measured heap is the host's alone. N instances are
 * created and linked by QR through the API ({@code POST /instance/new}, {@code GET /instance/connect}, the fake
 * phone scans the QR; past 255 devices the fake links sibling accounts), several links in flight. Once every
 * device has one logged-in socket and the host is quiet, the host's live heap is read with {@code jcmd <pid>
 * GC.class_histogram} (which runs a full GC) and compared with the reading taken before the first instance: the
 * difference per session, and the classes it is made of.
 *
 * <p>Then a soak: the sessions stay idle for S seconds while the host renews their leases (every third of the
 * lease TTL) and answers keepalives (a ping every 20–30 s). Missed renewals are counted from outside (a scan of the
 * leases table every few seconds: a lease of ours that expired, changed owner or was renewed later than one round
 * plus a margin) and from the host's own log (renewal failures, self-fenced or lost leases); missed keepalives from
 * the host's log ({@code keepalive failed}) and from the fake (a new login or socket of any device = a drop).
 *
 * <p>Arguments: {@code [sessions] [soakSeconds] [linksInFlight]} (defaults 1,000, 90, 8). Prints the
 * {@code GOAL|density-heap-per-session|…} and {@code GOAL|density-missed|…} lines.
 */
public final class DensityBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TARGET_BYTES = 16 * 1024;
    /**
     * The session host's lease TTL ({@code BENCH_DENSITY_LEASE_TTL_SECONDS}, default 30 as the product's default):
     * leases are renewed every third of it, so it sets the renewal write rate the table must sustain.
     */
    private static final int LEASE_TTL_SECONDS =
            Integer.parseInt(System.getenv().getOrDefault("BENCH_DENSITY_LEASE_TTL_SECONDS", "30"));

    private static final int WARM_UP = 16;

    private DensityBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int soakSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 90;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String hostHeap = System.getenv().getOrDefault("BENCH_HOST_XMX", "-Xmx2g");
        System.setOut(new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true));
        Log.configure(Log.Level.ERROR, System.out);
        System.out.printf(
                "machine: %d cores, %.1f GiB RAM, %s %s, %s %s%n",
                Runtime.getRuntime().availableProcessors(),
                totalRamGiB(),
                System.getProperty("java.vm.name"),
                Runtime.version(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"));
        // the host process gets this JVM's class path (LocalHostFleet); leave out this module's own folder, whose
        // global SDK interceptor (SdkCallCounter, for the other benches) keeps the last 2,000 requests per service
        // and would be counted as host heap
        String benchClasses = DensityBench.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath();
        System.setProperty(
                "java.class.path",
                java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .filter(entry -> !Path.of(entry)
                                .toAbsolutePath()
                                .equals(Path.of(benchClasses).toAbsolutePath()))
                        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            LocalStackConfig config = LocalStackConfig.from(
                    Map.ofEntries(
                            Map.entry("ZAPGATE_PORT", "0"),
                            Map.entry("ZAPGATE_LOG_LEVEL", "WARN"),
                            Map.entry("ZAPGATE_SESSION_HOSTS", "1"),
                            Map.entry("ZAPGATE_SESSION_HOST_JVM_OPTIONS", hostHeap),
                            Map.entry("ZAPGATE_HEALTH_PORT", "0"),
                            Map.entry("ZAPGATE_WA_URL", fake.wsUrl().toString()),
                            Map.entry("ZAPGATE_WA_ROOT_KEY", fake.rootPublicKeyHex()),
                            Map.entry("ZAPGATE_WA_VERSION_URL", "off"),
                            Map.entry("ZAPGATE_LEASE_TTL_SECONDS", Integer.toString(LEASE_TTL_SECONDS)),
                            Map.entry("ZAPGATE_RATE_LIMIT_GLOBAL", "1000000"),
                            Map.entry("ZAPGATE_RATE_LIMIT_CREATE", "1000000"),
                            Map.entry("ZAPGATE_INSTANCE_QUOTA", Integer.toString(Math.max(100, n + WARM_UP)))),
                    new String[] {"--in-memory"});
            try (LocalStack stack = LocalStack.start(config, Clock.systemUTC())) {
                run(stack, fake, n, soakSeconds, inFlight, hostHeap);
            }
        }
    }

    private record Linked(String name, String id, LinkedDevice device) {}

    private static void run(LocalStack stack, FakeWhatsApp fake, int n, int soakSeconds, int inFlight, String hostHeap)
            throws Exception {
        long pid = stack.sessionHostPids().values().iterator().next();
        Path hostLog = stack.sessionHostLogs().values().iterator().next();
        HttpClient http = HttpClient.newHttpClient();
        var e = stack.awsEndpoints();
        DynamoDbClient dynamo = io.zapgate.aws.AwsClients.dynamoDb(
                new io.zapgate.aws.AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
        String leasesTable = stack.resources().get("SessionLeasesTable");
        System.out.printf(
                "session host: pid %d (%s, -XX:+UseSerialGC -XX:TieredStopAtLevel=1), lease TTL %d s (renewed every"
                        + " %d s), %d sessions linked %d at a time, soak %d s%n",
                pid, hostHeap, LEASE_TTL_SECONDS, LEASE_TTL_SECONDS / 3, n, inFlight, soakSeconds);

        // warm-up: a few sessions linked first (part of the baseline), so classes loaded and code paths compiled on
        // the first links are not counted per session
        List<Linked> warm = linkAll(http, stack, fake, "density-warm-", WARM_UP, inFlight);
        awaitSettled(fake, warm);
        Path histo0 = histogram(pid);
        long live0 = IdleSessionBench.total(histo0);

        long t0 = System.nanoTime();
        List<Linked> linked = linkAll(http, stack, fake, "density-", n, inFlight);
        double linkSeconds = (System.nanoTime() - t0) / 1e9;
        long atCapacity;
        try (var lines = Files.lines(hostLog)) {
            atCapacity = lines.filter(l -> l.contains("at capacity: lease renewal rounds"))
                    .count();
        }
        System.out.printf(
                "connects refused and retried while linking: %d (host entered capacity %d times)%n",
                REFUSED_CONNECTS.get(), atCapacity);
        if (linked.size() < n) {
            System.out.printf(
                    "the host took %d of %d sessions (host log: entered capacity %d times); the rest of the bench"
                            + " measures the %d it holds%n",
                    linked.size(), n, atCapacity, linked.size());
            n = linked.size();
        }
        awaitSettled(fake, linked);
        System.out.printf(
                "%d sessions linked and logged in after %.0f s (%.1f links/s)%n", n, linkSeconds, n / linkSeconds);

        Path histo1 = histogram(pid);
        long live1 = IdleSessionBench.total(histo1);
        double perSession = (live1 - live0) / (double) n;
        System.out.printf(
                "host live heap: %.1f MiB before, %.1f MiB with %d sessions%n",
                live0 / 1048576.0, live1 / 1048576.0, n);
        System.out.println("Biggest per-session costs in the host (class histogram after full GC, N sessions minus"
                + " baseline; instances and bytes per session):");
        diff(histo0, histo1, n, 25);

        // soak: leases renewing, keepalives answered, nothing else happening
        int logins0 = fake.recordings().loginCount();
        int connections0 = fake.recordings().connectionCount();
        int pings0 = fake.recordings().iqs("w:p").size();
        long logLines0 = Files.lines(hostLog).count();
        Map<String, String> ours = new HashMap<>();
        linked.forEach(l -> ours.put(l.id(), l.name()));
        long renewMillis = TimeUnit.SECONDS.toMillis(LEASE_TTL_SECONDS / 3);
        long ttlMillis = TimeUnit.SECONDS.toMillis(LEASE_TTL_SECONDS);
        int expired = 0;
        int missing = 0;
        int late = 0;
        long minRemaining = Long.MAX_VALUE;
        int scans = 0;
        long soakEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(soakSeconds);
        while (System.nanoTime() < soakEnd) {
            Map<String, Long> expiries = leaseExpiries(dynamo, leasesTable, ours);
            long now = System.currentTimeMillis();
            scans++;
            missing += ours.size() - expiries.size();
            for (long until : expiries.values()) {
                long remaining = until - now;
                minRemaining = Math.min(minRemaining, remaining);
                if (remaining <= 0) {
                    expired++;
                } else if (remaining < ttlMillis - 2 * renewMillis) {
                    late++; // more than a round late: one renewal was skipped or took longer than a round
                }
            }
            Thread.sleep(3000); // the probe interval
        }
        int pings = fake.recordings().iqs("w:p").size() - pings0;
        int newLogins = fake.recordings().loginCount() - logins0;
        int newConnections = fake.recordings().connectionCount() - connections0;
        List<String> soakLog;
        try (var lines = Files.lines(hostLog)) {
            soakLog = lines.skip(logLines0).toList();
        }
        long keepaliveFailed = count(soakLog, "keepalive failed");
        long renewalFailed = count(soakLog, "lease renewal failed") + count(soakLog, "lease renewal round failed");
        long fenced = count(soakLog, "lease not renewed in time");
        long lost = count(soakLog, "lease lost to another host");
        long stillLoggedIn = linked.stream()
                .filter(l -> fake.recordings().openLoggedInSockets(l.device().device()) == 1)
                .count();
        Path histo2 = histogram(pid);
        double perSessionSoak = (IdleSessionBench.total(histo2) - live0) / (double) n;

        System.out.printf("%-62s %14s%n", "measure", "value");
        System.out.printf("%-62s %14.0f%n", "host heap per idle session (bytes)", perSession);
        System.out.printf("%-62s %14.0f%n", "host heap per idle session after the soak (bytes)", perSessionSoak);
        System.out.printf("%-62s %14d%n", "soak window (s)", soakSeconds);
        System.out.printf("%-62s %14d%n", "keepalive pings answered by the fake in the window", pings);
        System.out.printf("%-62s %14d%n", "host log: keepalive failed (missed keepalives)", keepaliveFailed);
        System.out.printf(
                "%-62s %14s%n", "new logins / new sockets during the soak", newLogins + " / " + newConnections);
        System.out.printf("%-62s %14d%n", "lease scans of the leases table in the window", scans);
        System.out.printf(
                "%-62s %14s%n",
                "lease seen expired / missing / > 1 round late", expired + " / " + missing + " / " + late);
        System.out.printf(
                "%-62s %14s%n",
                "least lease time left seen (TTL " + LEASE_TTL_SECONDS + " s, renewed every " + renewMillis / 1000
                        + " s)",
                minRemaining == Long.MAX_VALUE ? "-" : String.format("%.1f s", minRemaining / 1000.0));
        System.out.printf(
                "%-62s %14s%n",
                "host log: renewal failures / self-fenced / lost", renewalFailed + " / " + fenced + " / " + lost);
        System.out.printf("%-62s %14s%n", "sessions still logged in after the soak", stillLoggedIn + "/" + n);

        double heap = Math.max(perSession, perSessionSoak); // the worse of the two readings
        long missedRenewals = expired + missing + late + renewalFailed + fenced + lost;
        long missedKeepalives = keepaliveFailed + newLogins;
        System.out.printf(
                "GOAL|density-heap-per-session|%.1f KiB at %d sessions|16 KiB|%s%n",
                perSession / 1024, n, perSession <= TARGET_BYTES && n >= 10_000 ? "MET" : "NOT MET");
        System.out.printf(
                "GOAL|density-missed|%d missed renewals, %d missed keepalives at %d sessions (lease TTL %d s)|0 at"
                        + " 10,000 sessions|%s%n",
                missedRenewals,
                missedKeepalives,
                n,
                LEASE_TTL_SECONDS,
                missedRenewals == 0 && missedKeepalives == 0 && stillLoggedIn == n && n >= 10_000 ? "MET" : "NOT MET");
    }

    private static List<Linked> linkAll(
            HttpClient http, LocalStack stack, FakeWhatsApp fake, String prefix, int count, int inFlight)
            throws Exception {
        List<Linked> linked = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(inFlight)) {
            List<Future<Linked>> futures = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = prefix + i;
                futures.add(pool.submit(() -> link(http, stack, fake, name)));
            }
            long t0 = System.nanoTime();
            for (Future<Linked> f : futures) {
                Linked l = f.get(60, TimeUnit.MINUTES);
                if (l == null) {
                    // connects keep failing: the host is at capacity (its log says so) or broken; stop linking
                    futures.forEach(rest -> rest.cancel(true));
                    System.out.printf(
                            "  linking stopped after %d links: connects refused (see the host log for \"at"
                                    + " capacity\")%n",
                            linked.size());
                    break;
                }
                linked.add(l);
                if (linked.size() % 1000 == 0 && linked.size() < count) {
                    System.out.printf(
                            "  %d linked (%.1f links/s)%n",
                            linked.size(), linked.size() / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
        return linked;
    }

    /** Every device logged in on exactly one socket, and the host quiet (pre-key uploads, presence, state writes). */
    private static void awaitSettled(FakeWhatsApp fake, List<Linked> linked) throws Exception {
        await(
                Duration.ofMinutes(5),
                () -> linked.stream()
                                .allMatch(l -> fake.recordings()
                                                .openLoggedInSockets(l.device().device())
                                        == 1)
                        ? Boolean.TRUE
                        : null);
        int iqs = -1;
        for (int same = 0; same < 3; ) {
            Thread.sleep(2000); // quiet period probe
            int now = fake.recordings().iqCount() - fake.recordings().iqs("w:p").size(); // keepalives never stop
            same = now == iqs ? same + 1 : 0;
            iqs = now;
        }
    }

    private static long count(List<String> lines, String what) {
        return lines.stream().filter(l -> l.contains(what)).count();
    }

    /** Lease expiry (epoch ms) of each of our instances whose lease row is held; one paginated Scan. */
    private static Map<String, Long> leaseExpiries(DynamoDbClient dynamo, String table, Map<String, String> ours) {
        Map<String, Long> out = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder b = ScanRequest.builder().tableName(table);
            if (start != null) {
                b.exclusiveStartKey(start);
            }
            ScanResponse r = dynamo.scan(b.build());
            for (Map<String, AttributeValue> item : r.items()) {
                String id = item.values().stream()
                        .map(AttributeValue::s)
                        .filter(ours::containsKey)
                        .findFirst()
                        .orElse(null);
                AttributeValue exp = item.get("expiresAt");
                if (id != null && exp != null && exp.n() != null) {
                    long v = Long.parseLong(exp.n());
                    out.put(id, v < 100_000_000_000L ? v * 1000 : v); // seconds or millis
                }
            }
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /** Connect attempts per instance, 2 s apart: a host at capacity takes sessions again after a short round. */
    private static final int CONNECT_ATTEMPTS = 30;

    private static final java.util.concurrent.atomic.AtomicInteger REFUSED_CONNECTS =
            new java.util.concurrent.atomic.AtomicInteger();

    private static Linked link(HttpClient http, LocalStack stack, FakeWhatsApp fake, String name) throws Exception {
        JsonNode created = call(http, stack, "POST", "/api/instance/new", "{\"name\":\"" + name + "\"}", 201);
        JsonNode qr = null;
        for (int attempt = 1; qr == null; attempt++) {
            try {
                qr = call(http, stack, "GET", "/api/instance/connect/" + name, null, 200);
            } catch (IllegalStateException ex) {
                // refused while the host is at capacity (it takes sessions again after a short round): wait, retry
                REFUSED_CONNECTS.incrementAndGet();
                if (attempt == CONNECT_ATTEMPTS) {
                    System.out.println(
                            "connect of " + name + " failed " + CONNECT_ATTEMPTS + " times (" + ex.getMessage() + ")");
                    return null;
                }
                if (attempt == 1) {
                    System.out.println("connect of " + name + " failed (" + ex.getMessage() + "); retrying");
                }
                Thread.sleep(2000);
            }
        }
        LinkedDevice device = fake.phone().scanQr(qr.get("qrCode").asText()).get(60, TimeUnit.SECONDS);
        return new Linked(name, created.at("/instance/id").asText(), device);
    }

    private static JsonNode call(HttpClient http, LocalStack stack, String method, String path, String body, int want)
            throws IOException, InterruptedException {
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

    /** {@code jcmd <pid> GC.class_histogram} (a full GC first: live objects only), saved to a temporary file. */
    private static Path histogram(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path file = Files.createTempFile("zapgate-density-histogram", ".txt");
        file.toFile().deleteOnExit();
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .redirectOutput(file.toFile())
                .start();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd failed: " + Files.readString(file));
        }
        return file;
    }

    private static void diff(Path beforeFile, Path afterFile, int n, int top) throws IOException {
        Map<String, long[]> before = IdleSessionBench.parse(beforeFile);
        Map<String, long[]> after = IdleSessionBench.parse(afterFile);
        record Row(String cls, long count, long bytes) {}
        List<Row> rows = new ArrayList<>();
        long total = 0;
        for (var en : after.entrySet()) {
            long[] b = before.getOrDefault(en.getKey(), new long[2]);
            rows.add(new Row(en.getKey(), en.getValue()[0] - b[0], en.getValue()[1] - b[1]));
            total += en.getValue()[1] - b[1];
        }
        for (var en : before.entrySet()) {
            if (!after.containsKey(en.getKey())) {
                total -= en.getValue()[1];
            }
        }
        rows.sort(Comparator.comparingLong(Row::bytes).reversed());
        for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
            String cls = r.cls().length() <= 70
                    ? r.cls()
                    : "…" + r.cls().substring(r.cls().length() - 69);
            System.out.printf("  %-70s %8.2f %9.0f%n", cls, r.count() / (double) n, r.bytes() / (double) n);
        }
        System.out.printf("  %-70s %8s %9.0f%n", "all classes (histogram total)", "", total / (double) n);
    }

    private static <T> T await(Duration timeout, java.util.concurrent.Callable<T> probe) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = probe.call();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(500); // the probe interval
        }
    }

    private static double totalRamGiB() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun
                ? sun.getTotalMemorySize() / (1024.0 * 1024 * 1024)
                : 0;
    }
}
