package io.zapgate.sessionhost.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The session host's metrics, written as CloudWatch Embedded Metric Format (EMF) lines on stdout: CloudWatch
 * Logs turns each line into metrics in namespace {@value #NAMESPACE}, per {@code Service} and per
 * {@code Service} + {@code Host}. Counters count since the previous flush (and restart at 0); the
 * {@code SessionsHeld} gauge is read at each flush; renewal latencies are the samples of the interval (at most
 * {@value #MAX_SAMPLES}). Thread-safe; {@link #NONE} records nothing.
 */
public final class HostMetrics implements AutoCloseable {
    public static final String NAMESPACE = "Zapgate/SessionHost";
    static final int MAX_SAMPLES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The counters, in the order they are written. */
    public enum Counter {
        /** A session reached {@code connected} (a QR or pair-code login, or a resumed session). */
        LOGINS("Logins"),
        /** Sessions this host adopted from a host that stopped or died (failover). */
        ADOPTIONS("Adoptions"),
        /** A lease renewal call failed (DynamoDB error or timeout); the round retries. */
        RENEWAL_FAILURES("LeaseRenewalFailures"),
        /** A lease went to another host, or expired unrenewed: the socket was closed. */
        LEASES_LOST("LeasesLost"),
        /** A session was not opened because the host is at capacity (its lease renewal rounds take too long). */
        SESSIONS_REFUSED("SessionsRefusedAtCapacity"),
        /** A command was handled and deleted from the queue. */
        COMMANDS_HANDLED("CommandsHandled"),
        /** A command for an instance that no longer exists was dropped. */
        COMMANDS_STALE("CommandsStale"),
        /** A command older than its deadline was dropped (when the consumer checks deadlines). */
        COMMANDS_EXPIRED("CommandsExpired"),
        /** A command failed and was left for redelivery. */
        COMMANDS_FAILED("CommandsFailed"),
        /** A command failed for the last time: the queue moves it to its dead-letter queue. */
        COMMANDS_DEAD_LETTERED("CommandsDeadLettered");

        private final String metric;

        Counter(String metric) {
            this.metric = metric;
        }

        public String metric() {
            return metric;
        }
    }

    /** Records nothing and prints nothing (tests, hosts without metrics). */
    public static final HostMetrics NONE = new HostMetrics("none", "none", () -> 0, null, Clock.systemUTC());

    private final String service;
    private final String host;
    private final IntSupplier sessionsHeld;
    private final PrintStream out;
    private final Clock clock;
    private final Map<Counter, AtomicLong> counters = new LinkedHashMap<>();
    private final List<Long> renewalMillis = new ArrayList<>();
    private ScheduledExecutorService flusher;

    /**
     * @param service the {@code Service} dimension (the deployment: one per ECS service)
     * @param host the {@code Host} dimension (this host's lease owner id)
     * @param sessionsHeld read at each flush
     * @param out where EMF lines go (stdout in a container), null = nowhere
     */
    public HostMetrics(String service, String host, IntSupplier sessionsHeld, PrintStream out, Clock clock) {
        this.service = service;
        this.host = host;
        this.sessionsHeld = sessionsHeld;
        this.out = out;
        this.clock = clock;
        for (Counter c : Counter.values()) {
            counters.put(c, new AtomicLong());
        }
    }

    /** Adds 1 to {@code counter}. */
    public void count(Counter counter) {
        add(counter, 1);
    }

    /** Adds {@code n} to {@code counter}. */
    public void add(Counter counter, long n) {
        if (this != NONE && n != 0) {
            counters.get(counter).addAndGet(n);
        }
    }

    /** One lease renewal call took {@code d}. */
    public void renewalLatency(Duration d) {
        if (this == NONE) {
            return;
        }
        synchronized (renewalMillis) {
            if (renewalMillis.size() < MAX_SAMPLES) {
                renewalMillis.add(d.toMillis());
            }
        }
    }

    /** The current value of {@code counter} (since the last flush). */
    public long value(Counter counter) {
        return counters.get(counter).get();
    }

    /** The EMF document of the interval since the previous call, and starts the next interval. */
    public String emf() {
        List<Map<String, String>> defs = new ArrayList<>();
        Map<String, Object> values = new LinkedHashMap<>();
        defs.add(Map.of("Name", "SessionsHeld", "Unit", "Count"));
        values.put("SessionsHeld", sessionsHeld.getAsInt());
        for (Map.Entry<Counter, AtomicLong> c : counters.entrySet()) {
            defs.add(Map.of("Name", c.getKey().metric(), "Unit", "Count"));
            values.put(c.getKey().metric(), c.getValue().getAndSet(0));
        }
        List<Long> latencies;
        synchronized (renewalMillis) {
            latencies = List.copyOf(renewalMillis);
            renewalMillis.clear();
        }
        if (!latencies.isEmpty()) {
            defs.add(Map.of("Name", "LeaseRenewalLatency", "Unit", "Milliseconds"));
            values.put("LeaseRenewalLatency", latencies);
        }
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", List.of(List.of("Service"), List.of("Service", "Host")));
        directive.put("Metrics", defs);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", clock.millis());
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_aws", aws);
        doc.put("Service", service);
        doc.put("Host", host);
        doc.putAll(values);
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metrics not serialisable", e);
        }
    }

    /** Writes one EMF line for the interval since the previous flush. */
    public void flush() {
        if (out != null && this != NONE) {
            String line = emf();
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    /** Flushes every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized void startFlushing(Duration period) {
        if (flusher != null || this == NONE) {
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("metrics-flush").unstarted(r));
        long ms = Math.max(100, period.toMillis());
        flusher.scheduleAtFixedRate(this::safeFlush, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void safeFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            // a metric line lost is better than a dead flusher
            System.err.println("metrics flush failed: " + e);
        }
    }

    /** Stops the periodic flush after a last one (the final interval's counts are not lost). */
    @Override
    public synchronized void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
            safeFlush();
        }
    }
}
