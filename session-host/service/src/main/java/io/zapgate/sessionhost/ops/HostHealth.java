package io.zapgate.sessionhost.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the health endpoints report. <b>Live</b>: the lease renewal loop is not stuck — its last round finished
 * (or the host started) less than {@code missedRounds} renewal periods ago. <b>Ready</b>: live, and every
 * dependency check (a cheap DynamoDB and SQS call, each cut at {@code timeout}) passed; dependency results are
 * cached for {@code cacheFor} so a busy prober does not hammer AWS.
 */
public final class HostHealth {
    /** The name of the renewal check in the reports. */
    public static final String RENEWALS = "leaseRenewals";

    /** A named dependency probe: returns normally when the dependency answered. */
    public record Check(String name, Runnable probe) {}

    /** One check's outcome: {@code ok}, or why not. */
    public record Status(boolean ok, String detail) {}

    /** The result of an endpoint: every check by name; healthy when all are ok. */
    public record Report(Map<String, Status> checks) {
        public boolean healthy() {
            return checks.values().stream().allMatch(Status::ok);
        }
    }

    private final Clock clock;
    private final Duration period;
    private final int missedRounds;
    private final List<Check> dependencies;
    private final Duration timeout;
    private final Duration cacheFor;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Instant lastRound;
    private Map<String, Status> cached;
    private Instant cachedAt;

    public HostHealth(
            Clock clock,
            Duration renewalPeriod,
            int missedRounds,
            List<Check> dependencies,
            Duration timeout,
            Duration cacheFor) {
        this.clock = clock;
        this.period = renewalPeriod;
        this.missedRounds = missedRounds;
        this.dependencies = List.copyOf(dependencies);
        this.timeout = timeout;
        this.cacheFor = cacheFor;
        this.lastRound = clock.instant();
    }

    /** A renewal round finished (successfully or not: a failed call is retried, the loop is alive). */
    public void roundFinished() {
        lastRound = clock.instant();
    }

    /** The longest the renewal loop may go without finishing a round. */
    public Duration stallLimit() {
        return period.multipliedBy(missedRounds);
    }

    /** Liveness: the renewal loop only. */
    public Report live() {
        Map<String, Status> out = new LinkedHashMap<>();
        out.put(RENEWALS, renewals());
        return new Report(out);
    }

    /** Readiness: the dependencies (cached) and the renewal loop. */
    public Report ready() {
        Map<String, Status> out = new LinkedHashMap<>(dependencies());
        out.put(RENEWALS, renewals());
        return new Report(out);
    }

    private Status renewals() {
        Duration since = Duration.between(lastRound, clock.instant());
        return since.compareTo(stallLimit()) <= 0
                ? new Status(true, "last round " + since.toMillis() + " ms ago")
                : new Status(
                        false,
                        "no renewal round finished for " + since.toSeconds() + " s (limit "
                                + stallLimit().toSeconds() + " s)");
    }

    private synchronized Map<String, Status> dependencies() {
        Instant now = clock.instant();
        if (cached != null && Duration.between(cachedAt, now).compareTo(cacheFor) < 0) {
            return cached;
        }
        Map<String, Future<?>> running = new LinkedHashMap<>();
        for (Check c : dependencies) {
            running.put(c.name(), probes.submit(c.probe()));
        }
        Map<String, Status> out = new LinkedHashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        running.forEach((name, f) -> out.put(name, await(f, deadline)));
        cached = Map.copyOf(out);
        cachedAt = now;
        return out;
    }

    private static Status await(Future<?> f, long deadline) {
        try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Status(true, "ok");
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Status(false, "no answer in time");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Status(false, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, "interrupted");
        }
    }
}
