package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * Resumes saved sessions without a QR code (at start-up, and sessions adopted from a host that went away),
 * a bounded number at once, and retries the ones whose connection fails.
 *
 * <p>Each resume starts after a random delay of up to {@link Policy#startJitter()}, so a host with many
 * sessions does not open them all in the same instant; at most {@link Policy#concurrency()} handshakes run at
 * once (a handshake lasts until the session is logged in, has ended, or {@link Policy#handshakeTimeout()}
 * passed). A resume that fails (WhatsApp unreachable, the socket refused or dropped before login) is tried
 * again after an exponential backoff with full jitter: a random delay between 0 and {@code min(cap, base ×
 * 2^attempt)}, for as long as the instance exists and has a saved session. A session that ends logged out,
 * banned, with an outdated client or replaced by another client is never retried.
 */
public final class Resumer implements AutoCloseable {
    /**
     * How resumes are paced.
     *
     * @param concurrency most handshakes at once ({@code ZAPGATE_RESUME_CONCURRENCY}, default 16)
     * @param startJitter each resume waits a random delay up to this first ({@code ZAPGATE_RESUME_JITTER_SECONDS}, default 1)
     * @param backoffBase the first retry waits up to this ({@code ZAPGATE_RESUME_BACKOFF_BASE_SECONDS}, default 2)
     * @param backoffCap no retry waits longer ({@code ZAPGATE_RESUME_BACKOFF_CAP_SECONDS}, default 300)
     * @param handshakeTimeout how long a handshake may hold its slot (default 30 s)
     */
    public record Policy(
            int concurrency,
            Duration startJitter,
            Duration backoffBase,
            Duration backoffCap,
            Duration handshakeTimeout) {
        public static final Policy DEFAULTS = new Policy(
                16, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(30));

        public Policy {
            if (concurrency < 1) {
                throw new IllegalArgumentException("resume concurrency must be at least 1");
            }
        }

        /** The delay before retry number {@code attempt} (1-based): uniform in 0..min(cap, base × 2^(attempt-1)). */
        Duration backoff(int attempt, RandomGenerator random) {
            long base = Math.max(1, backoffBase.toMillis());
            long cap = Math.max(base, backoffCap.toMillis());
            int shift = Math.min(30, Math.max(0, attempt - 1));
            long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
            return Duration.ofMillis(random.nextLong(ceiling + 1));
        }
    }

    private static final Log LOG = Log.get(Resumer.class);
    private final CommandHandler handler;
    private final SessionSupervisor supervisor;
    private final SessionPorts ports;
    private final Policy policy;
    private final RandomGenerator random;
    private final Semaphore slots;
    /** Instances with a resume scheduled or running: a sweep never schedules one twice. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("resume-timer").unstarted(r));
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean closed;

    public Resumer(
            CommandHandler handler,
            SessionSupervisor supervisor,
            SessionPorts ports,
            Policy policy,
            RandomGenerator random) {
        this.handler = handler;
        this.supervisor = supervisor;
        this.ports = ports;
        this.policy = policy;
        this.random = random;
        this.slots = new Semaphore(policy.concurrency(), true);
    }

    /** Schedules a resume of each instance not already scheduled, each after its own random start delay. */
    public int resumeAll(Collection<Instance> instances) {
        int scheduled = 0;
        for (Instance i : instances) {
            if (supervisor.session(i.id()).isPresent() || !pending.add(i.id())) {
                continue;
            }
            long jitter = policy.startJitter().toMillis();
            schedule(i, 0, Duration.ofMillis(jitter <= 0 ? 0 : random.nextLong(jitter + 1)));
            scheduled++;
        }
        return scheduled;
    }

    /** Instances with a resume scheduled or running. */
    public int pending() {
        return pending.size();
    }

    private void schedule(Instance i, int attempt, Duration delay) {
        if (closed) {
            pending.remove(i.id());
            return;
        }
        try {
            timer.schedule(() -> workers.execute(() -> attempt(i, attempt)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.remove(i.id());
        }
    }

    private void attempt(Instance i, int attempt) {
        boolean retry = false;
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(i.id());
            return;
        }
        try {
            retry = !closed && tryOnce(i, attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SessionUnreadableException e) {
            // recorded as session_unreadable; retrying cannot help until the key is back (then: reconnect)
            LOG.info("saved session unreadable; not retried", "instance", i.name());
        } catch (RuntimeException e) {
            LOG.warn("session not resumed; retrying", e, "instance", i.name(), "attempt", attempt + 1);
            retry = !closed;
        } finally {
            slots.release();
        }
        if (retry) {
            Duration delay = policy.backoff(attempt + 1, random);
            LOG.info(
                    "resume failed; retrying after a backoff",
                    "instance",
                    i.name(),
                    "attempt",
                    attempt + 1,
                    "delayMillis",
                    delay.toMillis());
            schedule(i, attempt + 1, delay);
        } else {
            pending.remove(i.id());
        }
    }

    /** @return whether to try again */
    private boolean tryOnce(Instance i, int attempt) throws InterruptedException {
        Optional<Instance> current =
                ports.instances().find(i.key()).filter(row -> row.id().equals(i.id()));
        if (current.isEmpty()) {
            return false; // deleted meanwhile
        }
        handler.resume(current.get());
        Optional<InstanceSession> opened = supervisor.session(i.id());
        if (opened.isEmpty()) {
            return false; // no saved session, or another host holds it
        }
        InstanceSession session = opened.get();
        if (session.awaitLogin(policy.handshakeTimeout())) {
            if (attempt > 0) {
                LOG.info("session resumed after retrying", "instance", i.name(), "attempts", attempt + 1);
            }
            return false;
        }
        if (!session.hasEnded()) {
            return false; // still trying by itself (the client reconnects a dropped socket)
        }
        Connection last = session.connection();
        if (terminal(last)) {
            LOG.info(
                    "resumed session ended for good; not retried",
                    "instance",
                    i.name(),
                    "state",
                    last.state().wire());
            return false;
        }
        return true;
    }

    /** Logged out, banned or client outdated: trying again cannot help. */
    static boolean terminal(Connection c) {
        if (c.state() == InstanceState.LOGGEDOUT || c.state() == InstanceState.BANNED) {
            return true;
        }
        DisconnectReason why =
                c.lastDisconnect() == null ? null : c.lastDisconnect().reason();
        // another client took the session over: taking it back would only fight it
        return why == DisconnectReason.CLIENT_OUTDATED || why == DisconnectReason.REPLACED;
    }

    /** Stops scheduling; resumes in progress finish their handshake. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdown();
    }
}
