package io.zapgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.wa.client.InboundStats;
import io.zapgate.wa.client.KeepAliveSettings;
import io.zapgate.wa.client.ReconnectSettings;
import io.zapgate.wa.client.WaClient;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.PermanentDisconnect;
import io.zapgate.wa.events.StreamError;
import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.fake.AckLatencies;
import io.zapgate.wa.store.InMemoryDeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Acks under load: N (1,000) logged-in {@link WaClient}s in this JVM, linked to fake WhatsApp servers in child
 * processes (≤ 250 companions per fake phone, as {@link IdleSessionBench}), each receiving one stanza per second
 * for a window (60 s) — the kinds rotate every second through a direct message, a group message (with
 * {@code participant}), a delivery, read and group receipt and a group notification, so every ack shape is in
 * the mix. Each fake pushes to all its active companions at once ({@code POST /phone/push} to device
 * {@code all}), the fakes staggered over the second. The fakes run with strict acks (the default): a stanza not
 * acked right within the deadline (10 s) ends that connection with {@code <stream:error><ack id/>}.
 *
 * <p>Reported: stanza → ack latency as the server sees it (from handing the stanza to the connection to reading
 * the right ack; the fakes' histograms, merged), acks right / wrong, ack stream errors, redeliveries and new
 * logins during the window (all must be 0), the client events seen, the client's own counters, and this JVM's
 * CPU per 1,000 stanzas/s: CPU during the window minus CPU in an idle window of the same sessions, scaled.
 *
 * <p>Arguments: {@code [sessions=1000] [seconds=60] [idleSeconds=15] [concurrency=16]}.
 */
public final class AckBench {
    private static final List<String> KINDS =
            List.of("message", "group-message", "receipt", "read-receipt", "group-receipt", "group-notification");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final LongAdder DISCONNECTS = new LongAdder();
    private static final LongAdder STREAM_ERRORS = new LongAdder();
    private static final LongAdder CONNECTS = new LongAdder();
    private static final LongAdder OTHER_TROUBLE = new LongAdder();
    private static final Consumer<WaEvent> COUNTER = e -> {
        switch (e) {
            case Disconnected d -> DISCONNECTS.increment();
            case StreamError s -> STREAM_ERRORS.increment();
            case Connected c -> CONNECTS.increment();
            case LoggedOut l -> OTHER_TROUBLE.increment();
            case PermanentDisconnect p -> OTHER_TROUBLE.increment();
            case ConnectAttemptFailed f -> OTHER_TROUBLE.increment();
            default -> {}
        }
    };

    private AckBench() {}

    /** One fake's {@code /phone/stats}, the fields this bench reads. */
    private record Stats(
            long logins,
            long connections,
            long pushed,
            long acksOk,
            long acksWrong,
            long ackStreamErrors,
            long redelivered,
            long activeDevices,
            AckLatencies latencies) {
        static Stats parse(String body) throws Exception {
            JsonNode j = JSON.readTree(body);
            Map<Long, Long> buckets = new TreeMap<>();
            j.at("/ackLatency/buckets")
                    .fields()
                    .forEachRemaining(e ->
                            buckets.put(Long.parseLong(e.getKey()), e.getValue().asLong()));
            return new Stats(
                    j.get("loginCount").asLong(),
                    j.get("connectionCount").asLong(),
                    j.get("pushedCount").asLong(),
                    j.get("acksOk").asLong(),
                    j.get("acksWrongCount").asLong(),
                    j.get("ackStreamErrorCount").asLong(),
                    j.get("redeliveredCount").asLong(),
                    j.get("activeDevices").asLong(),
                    AckLatencies.of(buckets, j.at("/ackLatency/maxMicros").asLong()));
        }

        /** Counters since {@code before}; latencies of the window only; activeDevices as now. */
        Stats since(Stats before) {
            return new Stats(
                    logins - before.logins,
                    connections - before.connections,
                    pushed - before.pushed,
                    acksOk - before.acksOk,
                    acksWrong - before.acksWrong,
                    ackStreamErrors - before.ackStreamErrors,
                    redelivered - before.redelivered,
                    activeDevices,
                    latencies.since(before.latencies));
        }

        Stats plus(Stats o) {
            return new Stats(
                    logins + o.logins,
                    connections + o.connections,
                    pushed + o.pushed,
                    acksOk + o.acksOk,
                    acksWrong + o.acksWrong,
                    ackStreamErrors + o.ackStreamErrors,
                    redelivered + o.redelivered,
                    activeDevices + o.activeDevices,
                    latencies.merge(o.latencies));
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int idleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int phones = (n + IdleSessionBench.DEVICES_PER_PHONE - 1) / IdleSessionBench.DEVICES_PER_PHONE;
        List<FakeWhatsAppProcess> fakes = new ArrayList<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int p = 0; p < phones; p++) {
                fakes.add(FakeWhatsAppProcess.start(
                        "1g",
                        "--phone",
                        String.valueOf(15550000001L + p),
                        "--lid",
                        String.valueOf(987654321000001L + p)));
            }
            List<WaClientOptions> optionsPerPhone = fakes.stream()
                    .map(fake -> WaClientOptions.builder()
                            .url(fake.wsUrl())
                            .certificateValidator(fake.certificateVerifier())
                            .keepAlive(KeepAliveSettings.DEFAULT)
                            .reconnect(ReconnectSettings.DEFAULT)
                            .build())
                    .toList();
            System.out.printf(
                    "fake WhatsApp: %d child processes (strict acks, 10 s deadline), pids %s; linking %d "
                            + "sessions, %d in flight%n",
                    phones, fakes.stream().map(f -> String.valueOf(f.pid())).toList(), n, concurrency);

            WaClient[] clients = new WaClient[n];
            long t0 = System.nanoTime();
            IdleSessionBench.linkAll(
                    fakes,
                    optionsPerPhone,
                    0,
                    clients,
                    new InMemoryDeviceStore[n],
                    new InMemoryPreKeyStore[n],
                    concurrency,
                    COUNTER);
            System.out.printf(
                    "linked %d sessions in %.1f s; each took its login's offline burst (6 stanzas)%n",
                    n, (System.nanoTime() - t0) / 1e9);
            Thread.sleep(5000); // the last logins' bursts, pre-key uploads and IQs settle

            Stats s0 = stats(fakes);
            long cpu0 = processCpuNanos();
            long wall0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(idleSeconds)); // the idle window being measured
            long idleCpu = processCpuNanos() - cpu0;
            double idleWall = (System.nanoTime() - wall0) / 1e9;
            Stats s1 = stats(fakes);
            Duration fakeCpu1 = fakeCpu(fakes);
            InboundStats inbound1 = inbound(clients);
            resetEvents();

            LongAdder ticks = new LongAdder();
            LongAdder tickFailures = new LongAdder();
            List<CompletableFuture<Integer>> pushes = new ArrayList<>();
            long cpu1 = processCpuNanos();
            long wall1 = System.nanoTime();
            for (int t = 0; t < seconds; t++) {
                String kind = KINDS.get(t % KINDS.size());
                for (int p = 0; p < phones; p++) {
                    FakeWhatsAppProcess fake = fakes.get(p);
                    long at = t * 1000L + p * 1000L / phones;
                    ticker.schedule(
                            () -> {
                                CompletableFuture<Integer> push = fake.pushToAll(kind)
                                        .whenComplete((c, e) -> {
                                            (e == null ? ticks : tickFailures).increment();
                                        });
                                synchronized (pushes) {
                                    pushes.add(push);
                                }
                            },
                            at,
                            TimeUnit.MILLISECONDS);
                }
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // the load window being measured
            long loadCpu = processCpuNanos() - cpu1;
            double loadWall = (System.nanoTime() - wall1) / 1e9;
            Duration fakeCpu2 = fakeCpu(fakes);
            ticker.shutdown();
            ticker.awaitTermination(30, TimeUnit.SECONDS);
            synchronized (pushes) {
                CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new))
                        .exceptionally(e -> null)
                        .get(60, TimeUnit.SECONDS);
            }
            Stats window = drained(fakes, s1);
            InboundStats inbound2 = inbound(clients);
            long loggedIn = Arrays.stream(clients).filter(WaClient::isLoggedIn).count();
            Stats idle = s1.since(s0);

            double idleCores = idleCpu / 1e9 / idleWall;
            double loadCores = loadCpu / 1e9 / loadWall;
            double rate = window.pushed / loadWall;
            double perThousand = (loadCores - idleCores) / (rate / 1000.0);
            AckLatencies lat = window.latencies;
            System.out.println();
            System.out.printf("%-66s %14s%n", "measure", "value");
            System.out.printf(
                    "%-66s %14s%n",
                    "sessions logged in (start → end of window)", window.activeDevices + " → " + loggedIn + "/" + n);
            System.out.printf("%-66s %14d%n", "load window (s), one stanza per session per second", seconds);
            System.out.printf("%-66s %14d%n", "stanzas pushed in the window (fakes)", window.pushed);
            System.out.printf("%-66s %14.0f%n", "  rate (stanzas/s)", rate);
            System.out.printf(
                    "%-66s %14s%n", "push calls to the fakes ok / failed", ticks.sum() + " / " + tickFailures.sum());
            System.out.printf("%-66s %14d%n", "right acks (fakes, field by field)", window.acksOk);
            System.out.printf("%-66s %14d%n", "wrong acks", window.acksWrong);
            System.out.printf(
                    "%-66s %14d%n", "<stream:error><ack/> sent (ack deadline 10 s missed)", window.ackStreamErrors);
            System.out.printf(
                    "%-66s %14s%n",
                    "redelivered stanzas / logins / connections during the window",
                    window.redelivered + " / " + window.logins + " / " + window.connections);
            System.out.printf("%-66s %14s%n", "stanza → ack latency p50 (ms)", ms(lat.percentileMicros(0.5)));
            System.out.printf("%-66s %14s%n", "stanza → ack latency p99 (ms)", ms(lat.percentileMicros(0.99)));
            System.out.printf("%-66s %14s%n", "stanza → ack latency p99.9 (ms)", ms(lat.percentileMicros(0.999)));
            System.out.printf("%-66s %14s%n", "stanza → ack latency max (ms)", ms(lat.maxMicros()));
            System.out.printf(
                    "%-66s %14s%n",
                    "client events: StreamError / Disconnected / Connected / other",
                    STREAM_ERRORS.sum() + " / " + DISCONNECTS.sum() + " / " + CONNECTS.sum() + " / "
                            + OTHER_TROUBLE.sum());
            System.out.printf(
                    "%-66s %14s%n",
                    "client counters: messages / receipts / notifications",
                    (inbound2.messages() - inbound1.messages()) + " / " + (inbound2.receipts() - inbound1.receipts())
                            + " / " + (inbound2.notifications() - inbound1.notifications()));
            System.out.printf("%-66s %14.3f%n", "client JVM CPU, idle sessions (cores)", idleCores);
            System.out.printf("%-66s %14.3f%n", "client JVM CPU, under load (cores)", loadCores);
            System.out.printf("%-66s %14.3f%n", "client JVM CPU per 1,000 stanzas/s, load − idle (cores)", perThousand);
            System.out.printf(
                    "%-66s %14.1f%n",
                    "  = CPU time per stanza, decode + route + ack + encrypt (µs)", perThousand * 1000.0);
            System.out.printf(
                    "%-66s %14.3f%n",
                    "fake processes' CPU under load, all fakes (cores)",
                    (fakeCpu2.toNanos() - fakeCpu1.toNanos()) / 1e9 / loadWall);
            System.out.printf(
                    "%-66s %14s%n",
                    "idle window (s): pushed / acks / stream errors",
                    idleSeconds + ": " + idle.pushed + " / " + idle.acksOk + " / " + idle.ackStreamErrors);
            for (WaClient c : clients) {
                c.disconnect();
            }
        } finally {
            ticker.shutdownNow();
            fakes.forEach(FakeWhatsAppProcess::close);
        }
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }

    /** Waits (≤ 30 s) until every stanza pushed since {@code before} is acked right or errored; the window. */
    private static Stats drained(List<FakeWhatsAppProcess> fakes, Stats before) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Stats window;
        do {
            Thread.sleep(500); // polls the fakes' stats; the window ends when drained or after 30 s
            window = stats(fakes).since(before);
        } while (window.acksOk + window.ackStreamErrors < window.pushed && System.nanoTime() < deadline);
        return window;
    }

    private static Stats stats(List<FakeWhatsAppProcess> fakes) throws Exception {
        Stats sum = null;
        for (FakeWhatsAppProcess fake : fakes) {
            Stats s = Stats.parse(fake.stats());
            sum = sum == null ? s : sum.plus(s);
        }
        return sum;
    }

    private static Duration fakeCpu(List<FakeWhatsAppProcess> fakes) {
        return fakes.stream().map(FakeWhatsAppProcess::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    private static InboundStats inbound(WaClient[] clients) {
        long m = 0;
        long r = 0;
        long no = 0;
        for (WaClient c : clients) {
            InboundStats s = c.stats();
            m += s.messages();
            r += s.receipts();
            no += s.notifications();
        }
        return new InboundStats(m, r, no);
    }

    private static void resetEvents() {
        DISCONNECTS.reset();
        STREAM_ERRORS.reset();
        CONNECTS.reset();
        OTHER_TROUBLE.reset();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
