package io.zapgate.bench;

import io.zapgate.wa.client.KeepAliveSettings;
import io.zapgate.wa.client.ReconnectSettings;
import io.zapgate.wa.client.WaClient;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.KeepAliveRestored;
import io.zapgate.wa.events.KeepAliveTimeout;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.PermanentDisconnect;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.store.InMemoryDeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * Heap per idle connected session: N (1,000) {@link WaClient}s held by this JVM, each linked to a fake
 * WhatsApp running in a child process (loopback) by scanning its QR through the fake's control port
 * ({@code POST /phone/scan}) and logged in. A phone links at most 255 companions (one-byte device id), so
 * sessions are spread round-robin over {@code ceil(N / 250)} fake processes, one phone number each. Heap is
 * read after repeated full GCs before and after the N sessions (a few warm-up sessions are linked first and stay connected in both readings, so class loading and
 * shared pools are in the baseline); a class histogram diff shows where the per-session bytes go. Then a soak
 * window with a shortened keepalive counts {@code KeepAliveTimeout} events (must be 0) and the pings the fake
 * answered. Finally all clients are disconnected and dropped while their in-memory stores are kept, to split
 * the figure into "client + connection" and "session stores (device keys, 812 pre-keys)".
 *
 * <p>Arguments: {@code [sessions=1000] [soakSeconds=60] [concurrency=16] [warmup=16]}.
 */
public final class IdleSessionBench {
    /** Shortened keepalive for the soak: a ping every 2–3 s, 10 s answer deadline, drop after 3 min. */
    static final KeepAliveSettings SOAK_KEEPALIVE = new KeepAliveSettings(
            Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofMinutes(3));
    /** Companion device ids are one byte in the wire JID: one fake phone links at most 255; use 250. */
    static final int DEVICES_PER_PHONE = 250;

    private static final Pattern HISTO_LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    private static final LongAdder KEEPALIVE_TIMEOUTS = new LongAdder();
    private static final LongAdder KEEPALIVE_RESTORED = new LongAdder();
    private static final LongAdder DISCONNECTS = new LongAdder();
    private static final LongAdder OTHER_TROUBLE = new LongAdder();
    /** One listener shared by every idle client, so the bench adds nothing per session. */
    private static final Consumer<WaEvent> COUNTER = e -> {
        switch (e) {
            case KeepAliveTimeout t -> KEEPALIVE_TIMEOUTS.increment();
            case KeepAliveRestored r -> KEEPALIVE_RESTORED.increment();
            case Disconnected d -> DISCONNECTS.increment();
            case LoggedOut l -> OTHER_TROUBLE.increment();
            case PermanentDisconnect p -> OTHER_TROUBLE.increment();
            case ConnectAttemptFailed f -> OTHER_TROUBLE.increment();
            default -> {}
        }
    };

    private IdleSessionBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int soakSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        int phones = (n + warmup + DEVICES_PER_PHONE - 1) / DEVICES_PER_PHONE;
        List<FakeWhatsAppProcess> fakes = new ArrayList<>();
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
                            .keepAlive(SOAK_KEEPALIVE)
                            .reconnect(ReconnectSettings.DEFAULT)
                            .build())
                    .toList();
            System.out.printf(
                    "fake WhatsApp: %d child processes (one phone each, <= %d companions per phone), pids %s;"
                            + "%nkeepalive every %d–%d s, answer deadline %d s, drop after %d min; linking %d sessions "
                            + "(+%d warm-up), %d in flight%n",
                    phones,
                    DEVICES_PER_PHONE,
                    fakes.stream().map(f -> String.valueOf(f.pid())).toList(),
                    SOAK_KEEPALIVE.minInterval().toSeconds(),
                    SOAK_KEEPALIVE.maxInterval().toSeconds(),
                    SOAK_KEEPALIVE.responseDeadline().toSeconds(),
                    SOAK_KEEPALIVE.maxFailTime().toMinutes(),
                    n,
                    warmup,
                    concurrency);

            WaClient[] warm = new WaClient[warmup];
            linkAll(
                    fakes,
                    optionsPerPhone,
                    0,
                    warm,
                    new InMemoryDeviceStore[warmup],
                    new InMemoryPreKeyStore[warmup],
                    concurrency,
                    COUNTER);
            WaClient[] clients = new WaClient[n];
            InMemoryDeviceStore[] deviceStores = new InMemoryDeviceStore[n];
            InMemoryPreKeyStore[] preKeyStores = new InMemoryPreKeyStore[n];
            Thread.sleep(2000); // let the warm-up sessions settle before the baseline heap is measured
            long heap0 = usedAfterGc();
            Path histo0 = histogram();
            int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();

            long t0 = System.nanoTime();
            linkAll(fakes, optionsPerPhone, warmup, clients, deviceStores, preKeyStores, concurrency, COUNTER);
            double linkSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000); // let the last logins' IQs and events settle
            long heap1 = usedAfterGc();
            Path histo1 = histogram();
            int threads1 = ManagementFactory.getThreadMXBean().getThreadCount();
            long connected = java.util.Arrays.stream(clients)
                    .filter(WaClient::isLoggedIn)
                    .count();

            System.out.printf(
                    "linked %d sessions in %.1f s (%.0f/s); logged in: %d; JVM threads %d -> %d%n",
                    n, linkSeconds, n / linkSeconds, connected, threads0, threads1);
            System.out.println();
            System.out.println(
                    "Biggest per-session allocations (class histogram after full GC, N sessions minus " + "baseline):");
            System.out.printf("  %-62s %10s %10s%n", "class", "objs/sess", "B/sess");
            histogramDiff(histo0, histo1, n, 18);

            KEEPALIVE_TIMEOUTS.reset();
            KEEPALIVE_RESTORED.reset();
            DISCONNECTS.reset();
            OTHER_TROUBLE.reset();
            long iq0 = iqCount(fakes);
            Thread.sleep(TimeUnit.SECONDS.toMillis(soakSeconds)); // the soak itself: idle sessions for soakSeconds
            long iq1 = iqCount(fakes);
            long stillIn = java.util.Arrays.stream(clients)
                    .filter(WaClient::isLoggedIn)
                    .count();
            long heapSoak = usedAfterGc();
            Path histoSoak = histogram();

            for (WaClient c : clients) {
                c.disconnect();
            }
            java.util.Arrays.fill(clients, null);
            Thread.sleep(2000); // let the disconnects finish before the heap is measured
            long heapStores = usedAfterGc();
            Path histoStores = histogram();

            System.out.println();
            System.out.println("Growth during the soak (per session):");
            histogramDiff(histo1, histoSoak, n, 6);
            System.out.println("Left after disconnecting and dropping the clients, stores kept (per session):");
            histogramDiff(histo0, histoStores, n, 6);

            long live0 = total(histo0);
            double perSession = (total(histo1) - live0) / (double) n;
            double stores = (total(histoStores) - live0) / (double) n;
            System.out.println();
            System.out.printf("%-58s %14s%n", "measure (live bytes: class histogram after full GC)", "value");
            System.out.printf("%-58s %14s%n", "sessions held (+ warm-up, in both readings)", n + " (+" + warmup + ")");
            System.out.printf("%-58s %14.1f%n", "live heap, baseline (MB)", live0 / 1e6);
            System.out.printf("%-58s %14.1f%n", "live heap, with the sessions (MB)", total(histo1) / 1e6);
            System.out.printf("%-58s %14.0f%n", "heap per idle session, total (bytes)", perSession);
            System.out.printf("%-58s %14.0f%n", "  of which client + connection (bytes)", perSession - stores);
            System.out.printf("%-58s %14.0f%n", "  of which in-memory stores: Device + 812 pre-keys (bytes)", stores);
            System.out.printf(
                    "%-58s %14.0f%n",
                    "heap per session after the soak (bytes)", (total(histoSoak) - live0) / (double) n);
            System.out.printf(
                    "%-58s %14.0f%n",
                    "cross-check: MemoryMXBean used after GC, per session (bytes)", (heap1 - heap0) / (double) n);
            System.out.printf(
                    "%-58s %14.0f%n",
                    "cross-check: MemoryMXBean, after the soak (bytes)", (heapSoak - heap0) / (double) n);
            System.out.printf(
                    "%-58s %14.0f%n",
                    "cross-check: MemoryMXBean, stores only (bytes)", (heapStores - heap0) / (double) n);
            System.out.printf("%-58s %14s%n", "target", "< 100 KB");
            System.out.printf("%-58s %14d%n", "soak window (s)", soakSeconds);
            System.out.printf("%-58s %14d%n", "keepalive pings answered by the fake in the window", iq1 - iq0);
            System.out.printf("%-58s %14d%n", "KeepAliveTimeout events (missed keepalives)", KEEPALIVE_TIMEOUTS.sum());
            System.out.printf(
                    "%-58s %14d%n", "Disconnected / other failure events", DISCONNECTS.sum() + OTHER_TROUBLE.sum());
            System.out.printf("%-58s %14s%n", "sessions logged in at the end of the soak", stillIn + "/" + n);
            for (WaClient c : warm) {
                c.disconnect();
            }
        } finally {
            fakes.forEach(FakeWhatsAppProcess::close);
        }
    }

    private static long iqCount(List<FakeWhatsAppProcess> fakes) throws Exception {
        long sum = 0;
        for (FakeWhatsAppProcess fake : fakes) {
            sum += fake.iqCount();
        }
        return sum;
    }

    /**
     * Links every slot: new stores and client, connect, scan the first QR via the control port, await Connected.
     * Slot {@code i} goes to fake {@code (offset + i) % fakes.size()}; {@code listener} stays on every client.
     */
    static void linkAll(
            List<FakeWhatsAppProcess> fakes,
            List<WaClientOptions> options,
            int offset,
            WaClient[] clients,
            InMemoryDeviceStore[] deviceStores,
            InMemoryPreKeyStore[] preKeyStores,
            int concurrency,
            Consumer<WaEvent> listener)
            throws Exception {
        Semaphore slots = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> all = new ArrayList<>(clients.length);
        for (int i = 0; i < clients.length; i++) {
            slots.acquire();
            if (failure.get() != null) {
                break;
            }
            deviceStores[i] = new InMemoryDeviceStore();
            preKeyStores[i] = new InMemoryPreKeyStore();
            int phone = (offset + i) % fakes.size();
            clients[i] = new WaClient(options.get(phone), deviceStores[i], preKeyStores[i]);
            CompletableFuture<Void> done =
                    linkOne(fakes.get(phone), clients[i], listener).orTimeout(120, TimeUnit.SECONDS);
            done.whenComplete((v, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                slots.release();
            });
            all.add(done);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .exceptionally(e -> null)
                .join();
        if (failure.get() != null) {
            throw new IllegalStateException("linking failed: " + failure.get(), failure.get());
        }
    }

    private static CompletableFuture<Void> linkOne(
            FakeWhatsAppProcess fake, WaClient client, Consumer<WaEvent> listener) {
        CompletableFuture<String> qr = new CompletableFuture<>();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Consumer<WaEvent> linking = e -> {
            switch (e) {
                case QrCode q -> qr.complete(q.code());
                case Connected c -> connected.complete(null);
                case LoggedOut l -> connected.completeExceptionally(new IllegalStateException(l.toString()));
                case PermanentDisconnect p -> connected.completeExceptionally(new IllegalStateException(p.toString()));
                default -> {}
            }
        };
        client.addListener(linking);
        client.addListener(listener);
        return client.connect()
                .thenCompose(v -> qr)
                .thenCompose(fake::scan)
                .thenCompose(body -> connected)
                .whenComplete((v, e) -> client.removeListener(linking));
    }

    /** Heap used after a few full GCs. */
    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(200); // gives the collector time between the GCs of the measurement
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * {@code GC.class_histogram} (live objects, after a full GC) via the DiagnosticCommand MBean, written to a
     * temporary file: kept on the heap, earlier histograms would show up in later ones.
     */
    static Path histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        Path file = Files.createTempFile("zapgate-bench-histogram", ".txt");
        file.toFile().deleteOnExit();
        Files.writeString(file, text);
        return file;
    }

    /** Parses a histogram file: class → {instances, bytes}. */
    static Map<String, long[]> parse(Path histogram) throws IOException {
        Map<String, long[]> out = new HashMap<>();
        for (String line : Files.readAllLines(histogram)) {
            Matcher m = HISTO_LINE.matcher(line);
            if (m.find() && !m.group(3).contains("FillerElement")) { // G1 fills dead space with these: not live data
                out.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))}, (a, b) ->
                        new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return out;
    }

    /** Live bytes in a histogram. */
    static long total(Path histogram) throws IOException {
        return parse(histogram).values().stream().mapToLong(v -> v[1]).sum();
    }

    private static void histogramDiff(Path beforeFile, Path afterFile, int n, int top) throws IOException {
        Map<String, long[]> before = parse(beforeFile);
        Map<String, long[]> after = parse(afterFile);
        record Row(String cls, long count, long bytes) {}
        List<Row> rows = new ArrayList<>();
        long total = 0;
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            long dc = e.getValue()[0] - b[0];
            long db = e.getValue()[1] - b[1];
            total += db;
            rows.add(new Row(e.getKey(), dc, db));
        }
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                total -= e.getValue()[1];
            }
        }
        rows.sort(Comparator.comparingLong(Row::bytes).reversed());
        for (Row r : rows.subList(0, Math.min(top, rows.size()))) {
            System.out.printf(
                    "  %-62s %10.1f %10.0f%n", shorten(r.cls()), r.count() / (double) n, r.bytes() / (double) n);
        }
        System.out.printf("  %-62s %10s %10.0f%n", "all classes (histogram total)", "", total / (double) n);
    }

    private static String shorten(String cls) {
        return cls.length() <= 62 ? cls : "…" + cls.substring(cls.length() - 61);
    }
}
