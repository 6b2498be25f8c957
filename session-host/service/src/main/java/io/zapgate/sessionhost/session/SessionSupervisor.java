package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.core.session.SessionLeases.Lease;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.wa.transport.ProxyConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The sessions this host holds: at most one {@link InstanceSession} (one socket) per instance id, each under
 * a lease taken before its socket opens, renewed while it lives and released when it ends. Ownership is
 * explicit ({@link #owned()}): nothing here assumes this is the only host. Work on one instance is serialised
 * by a per-instance lock, so racing commands never open a second socket.
 */
public final class SessionSupervisor {
    private static final Log LOG = Log.get(SessionSupervisor.class);
    private final SessionPorts ports;
    private final SessionClientFactory clients;
    private final String hostId;
    private final Duration leaseTtl;
    /** How long before its lease's expiry a host that could not renew closes the socket (clock-skew budget). */
    private final Duration skew;

    private final Map<String, InstanceSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, InstanceLock> locks = new ConcurrentHashMap<>();
    private volatile HostMetrics metrics = HostMetrics.NONE;

    /**
     * Renewal calls in flight at once: at ~10 ms a call this renews 10,000 leases in under 2 s, far inside a
     * renewal period, and keeps the HTTP client and the table from being flooded by one call per session.
     */
    static final int DEFAULT_RENEWALS_IN_FLIGHT = 64;

    private volatile int renewalsInFlight = DEFAULT_RENEWALS_IN_FLIGHT;

    /**
     * How many sessions this host takes, learned from its renewal rounds (see {@link #roundTook}): none until
     * rounds get slow, then cut to 90 % of the sessions held and raised by 1 % a calm round. Without a cap a host
     * kept taking sessions until a round outlasted the time a lease can wait, and then self-fenced almost every
     * session at once; a cap that lifted as soon as one round was short let it grow back into that (measured:
     * DensityBench, README).
     */
    private volatile int sessionCap = Integer.MAX_VALUE;
    /** Rounds in a row that took more than half of {@code leaseTtl - skew} (only the renewal thread touches it). */
    private int slowRounds;

    /** Default clock-skew budget: a host that could not renew closes its socket this long before expiry. */
    public static final Duration DEFAULT_SKEW = Duration.ofSeconds(5);

    public SessionSupervisor(SessionPorts ports, SessionClientFactory clients, String hostId, Duration leaseTtl) {
        this(ports, clients, hostId, leaseTtl, DEFAULT_SKEW);
    }

    /**
     * @param skew clock-skew budget: a session whose lease was not renewed by {@code expiresAt - skew} is closed
     *     (by {@link #fenceLapsed}), so its socket is gone before another host, whose clock may be up to
     *     {@code skew} ahead, may take the lease
     */
    public SessionSupervisor(
            SessionPorts ports, SessionClientFactory clients, String hostId, Duration leaseTtl, Duration skew) {
        if (skew.isNegative() || skew.compareTo(leaseTtl.dividedBy(2)) > 0) {
            throw new IllegalArgumentException("the clock-skew budget must be between 0 and half the lease TTL");
        }
        this.ports = ports;
        this.clients = clients;
        this.hostId = hostId;
        this.leaseTtl = leaseTtl;
        this.skew = skew;
    }

    /** Where renewal latencies, failures and lost leases are counted. */
    public void metrics(HostMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Runs {@code work} holding the instance's lock (reentrant). The lock exists only while someone holds or
     * waits for it: the last one out removes it, so instances that are gone leave nothing behind.
     */
    <T> T locked(String instanceId, Supplier<T> work) {
        // users is only changed inside compute/computeIfPresent, which run atomically per key
        InstanceLock lock = locks.compute(instanceId, (id, l) -> {
            InstanceLock held = l == null ? new InstanceLock() : l;
            held.users++;
            return held;
        });
        lock.lock.lock();
        try {
            return work.get();
        } finally {
            lock.lock.unlock();
            locks.computeIfPresent(instanceId, (id, l) -> --l.users == 0 ? null : l);
        }
    }

    /** How many per-instance locks exist now (held or waited for). */
    int lockCount() {
        return locks.size();
    }

    /** A per-instance lock with the number of callers holding or waiting for it (reentrant calls count too). */
    private static final class InstanceLock {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** The live session of an instance on this host. */
    public Optional<InstanceSession> session(String instanceId) {
        return Optional.ofNullable(sessions.get(instanceId));
    }

    /**
     * Takes the lease and creates the session's client (not yet connected). Call with the instance's lock held.
     *
     * @return empty when another live host holds the instance, or its proxy cannot be used
     * @throws SessionUnreadableException when the saved session cannot be decrypted with the configured keys
     *     (recorded as {@code disconnected}/{@code session_unreadable}; the saved session is kept)
     */
    Optional<InstanceSession> open(Instance instance, int historyDays) {
        String id = instance.id();
        if (atCapacity()) {
            metrics.count(HostMetrics.Counter.SESSIONS_REFUSED);
            LOG.warn(
                    "at capacity: session not opened here (lease renewal rounds take too long)",
                    "instance",
                    instance.name(),
                    "sessions",
                    sessions.size());
            return Optional.empty();
        }
        if (unreadableProxyPassword(instance)) {
            // never connect directly, nor through the proxy without its password: record why and stop
            LOG.error(
                    "the instance's proxy password cannot be decrypted: not connecting (check ZAPGATE_KMS_KEY_ID / "
                            + "ZAPGATE_ENCRYPTION_KEY, or set the password again with POST /proxy)",
                    null,
                    "instance",
                    instance.name());
            recordUnusableProxy(instance);
            return Optional.empty();
        }
        ProxyConfig proxy;
        try {
            proxy = Proxies.toTransport(instance.proxy());
        } catch (IllegalArgumentException e) {
            LOG.warn("the instance's proxy cannot be used; fix it with POST /proxy", e, "instance", instance.name());
            return Optional.empty();
        }
        Optional<Lease> lease = ports.leases()
                .acquire(id, hostId, leaseTtl, new SessionLeases.Subject(instance.accountId(), instance.name()));
        if (lease.isEmpty()) {
            LOG.warn(
                    "instance is held by another session host",
                    "instance",
                    instance.name(),
                    "owner",
                    ports.leases().current(id).map(Lease::owner).orElse("?"));
            return Optional.empty();
        }
        SessionClient client;
        long fence = lease.get().fencingToken();
        // a saved-session write refused by the fence abandons the session (off the client's thread)
        var created = new java.util.concurrent.atomic.AtomicReference<InstanceSession>();
        Runnable fencedOut = () -> {
            InstanceSession s = created.get();
            if (s != null) {
                Thread.ofVirtual().name("fenced-out-" + id).start(s::fencedOut);
            }
        };
        try {
            client = clients.create(new ClientSpec(
                    id,
                    FencedStores.device(ports.saved().deviceStore(id, fence), fencedOut),
                    FencedStores.preKeys(ports.saved().preKeyStore(id, fence), fencedOut),
                    proxy,
                    historyDays));
        } catch (RuntimeException e) {
            if (SessionUnreadableException.isUnreadable(e)) {
                // off the sweep's shards too: nothing can resume it until its key is back (then: reconnect)
                ports.leases().forget(id, hostId);
                throw SessionUnreadableException.recorded(instance, ports, e);
            }
            ports.leases().release(id, hostId);
            throw e;
        }
        InstanceSession session = new InstanceSession(instance, client, lease.get(), ports, this::ended);
        created.set(session);
        sessions.put(id, session);
        LOG.info(
                "session opened",
                "instance",
                instance.name(),
                "fencingToken",
                lease.get().fencingToken());
        return Optional.of(session);
    }

    /** Whether the instance's proxy is on but its stored password could not be decrypted. */
    static boolean unreadableProxyPassword(Instance instance) {
        return instance.proxy().enabled() && instance.unreadable(Instance.PROXY_PASSWORD);
    }

    /**
     * A row that still says {@code connected} or {@code connecting} would promise a session that cannot come:
     * it is recorded {@code disconnected} with {@code lastDisconnect.reason} {@code network} (the socket could
     * not be opened), the saved session kept.
     */
    private void recordUnusableProxy(Instance instance) {
        Connection c = instance.connection();
        if (c.state() != InstanceState.CONNECTED && c.state() != InstanceState.CONNECTING) {
            return;
        }
        try {
            ports.states()
                    .updateConnection(
                            instance.key(),
                            instance.id(),
                            new Connection(
                                    InstanceState.DISCONNECTED,
                                    c.numberJid(),
                                    c.presenceStatus(),
                                    c.displayStatus(),
                                    new LastDisconnect(
                                            DisconnectReason.NETWORK,
                                            null,
                                            ports.clock().instant(),
                                            null),
                                    null,
                                    null,
                                    c.hasSession()));
        } catch (RuntimeException e) {
            LOG.warn("could not record the instance as disconnected", e, "instance", instance.name());
        }
    }

    /**
     * Whether a paired device is saved for the instance (it can log in without a QR).
     *
     * @throws SessionUnreadableException when one is saved but cannot be decrypted (recorded on the instance)
     */
    boolean linked(Instance instance) {
        try {
            return ports.saved().exists(instance.id());
        } catch (RuntimeException e) {
            if (SessionUnreadableException.isUnreadable(e)) {
                forgetOrphan(instance.id());
                throw SessionUnreadableException.recorded(instance, ports, e);
            }
            throw e;
        }
    }

    /**
     * A client for one job on an instance whose row is gone (unlinking a deleted instance): takes the lease and
     * makes a client that records nothing and is no {@link #session session}. Call with the instance's lock
     * held; hand it back with {@link #releaseDetached}.
     *
     * @param proxy the socket's proxy, null for a direct connection
     * @return empty when another live host holds the instance
     */
    Optional<SessionClient> detachedClient(String instanceId, ProxyConfig proxy) {
        Optional<Lease> lease = ports.leases().acquire(instanceId, hostId, leaseTtl);
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        long fence = lease.get().fencingToken();
        try {
            return Optional.of(clients.create(new ClientSpec(
                    instanceId,
                    ports.saved().deviceStore(instanceId, fence),
                    ports.saved().preKeyStore(instanceId, fence),
                    proxy,
                    0)));
        } catch (RuntimeException e) {
            ports.leases().release(instanceId, hostId);
            throw e;
        }
    }

    /**
     * Takes an orphaned instance with nothing to resume off the sweep's shards: takes its lease (only if it is
     * still free or expired) and forgets it at once.
     */
    void forgetOrphan(String instanceId) {
        locked(instanceId, () -> {
            if (sessions.get(instanceId) == null
                    && ports.leases().acquire(instanceId, hostId, leaseTtl).isPresent()) {
                ports.leases().forget(instanceId, hostId);
            }
            return null;
        });
    }

    /** Closes a {@link #detachedClient} and frees the lease (nobody is to adopt the instance). */
    void releaseDetached(String instanceId, SessionClient client) {
        client.disconnect();
        ports.leases().forget(instanceId, hostId);
    }

    /**
     * A session ended (permanent disconnect, logout, deletion): forget it, close its socket, free the lease and
     * take the instance off the sweep's shards (no other host is to resume it).
     */
    void ended(InstanceSession session) {
        locked(session.instanceId(), () -> {
            if (sessions.remove(session.instanceId(), session)) {
                session.client().disconnect();
                ports.leases().forget(session.instanceId(), hostId);
                LOG.info(
                        "session closed",
                        "instance",
                        session.instance().name(),
                        "state",
                        session.state().wire());
            }
            return null;
        });
    }

    /** Who holds what: instance id → lease, for every session of this host. */
    public Map<String, Lease> owned() {
        Map<String, Lease> out = new TreeMap<>();
        sessions.forEach((id, s) -> out.put(id, s.lease()));
        return out;
    }

    public String hostId() {
        return hostId;
    }

    /**
     * Renews every lease, the closest to lapsing first, with at most {@link #renewalsInFlight} calls in flight (one
     * virtual thread each: one slow call delays no other). Bounded because a round that fired one call per session
     * at once (thousands) made every call of the round wait, and time out, together; bounded in flight, calls stay
     * short and the round is as long as the table's throughput makes it. A session whose lease went to another
     * host is closed without recording anything (the new owner records the state); one whose renewal keeps
     * failing is closed by {@link #fenceLapsed} before its lease expires.
     */
    public void renewLeases() {
        java.time.Instant started = ports.clock().instant();
        fenceLapsed();
        List<InstanceSession> due = new ArrayList<>(sessions.values());
        due.sort(Comparator.comparing((InstanceSession s) -> s.lease().expiresAt()));
        Semaphore slots = new Semaphore(renewalsInFlight);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (InstanceSession s : due) {
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // shutting down: the calls in flight finish, no new ones
                    return;
                }
                if (sessions.get(s.instanceId()) != s) {
                    slots.release(); // ended or fenced while the round ran
                    continue;
                }
                pool.execute(() -> {
                    try {
                        renew(s);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        roundTook(Duration.between(started, ports.clock().instant()));
    }

    /**
     * Adjusts the {@linkplain #sessionCap cap on sessions} after a renewal round that took {@code took}. With
     * {@code budget = leaseTtl - skew} (the longest a lease can wait for its renewal before its session is
     * self-fenced):
     *
     * <ul>
     *   <li>after two rounds in a row above half the budget (one slow round under a burst of work is not
     *       capacity), or one round above three quarters (the next may not fit): the cap becomes 90 % of the
     *       sessions held, if that is lower;
     *   <li>after a round below a quarter: the cap grows by 1 % (at least one session), and goes away once it is
     *       twice the sessions held;
     *   <li>in between: unchanged.
     * </ul>
     *
     * A round's length follows the host's other work as much as its sessions (linking is CPU-heavy), so the cap
     * comes back up slowly: quick enough to follow a calmer host, slow enough not to grow back into a collapse.
     */
    void roundTook(Duration took) {
        Duration budget = leaseTtl.minus(skew);
        int held = sessions.size();
        slowRounds = took.compareTo(budget.dividedBy(2)) > 0 ? slowRounds + 1 : 0;
        if (slowRounds >= 2 || took.compareTo(budget.multipliedBy(3).dividedBy(4)) > 0) {
            int cut = Math.max(1, held - held / 10);
            if (cut < sessionCap) {
                sessionCap = cut;
                LOG.warn(
                        "at capacity: lease renewal rounds take more than half the time a lease can wait; this host"
                                + " takes no new session while it holds the cap or more (the cap grows 1 % a calm"
                                + " round; add hosts, or a longer ZAPGATE_LEASE_TTL_SECONDS)",
                        "cap",
                        cut,
                        "sessions",
                        held,
                        "roundMillis",
                        took.toMillis(),
                        "budgetMillis",
                        budget.toMillis());
            }
        } else if (took.compareTo(budget.dividedBy(4)) < 0 && sessionCap != Integer.MAX_VALUE) {
            int raised = sessionCap + Math.max(1, sessionCap / 100);
            if (raised >= 2 * Math.max(1, held)) {
                sessionCap = Integer.MAX_VALUE;
                LOG.info("below capacity again: no cap on sessions", "sessions", held);
            } else {
                sessionCap = raised;
            }
        }
    }

    /**
     * Whether new sessions are refused here because the host holds its {@linkplain #sessionCap cap} or more
     * (learned from slow renewal rounds, see {@link #roundTook}): connects and reconnects fail at once, orphans are
     * left to other hosts, the sessions held keep renewing.
     */
    public boolean atCapacity() {
        return sessions.size() >= sessionCap;
    }

    /** The cap on sessions learned from renewal rounds; {@link Integer#MAX_VALUE} when there is none. */
    int sessionCap() {
        return sessionCap;
    }

    /** At most this many lease renewal calls in flight at once (default {@value #DEFAULT_RENEWALS_IN_FLIGHT}). */
    void renewalsInFlight(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("at least one renewal must be allowed in flight");
        }
        renewalsInFlight = limit;
    }

    private void renew(InstanceSession s) {
        try {
            long started = System.nanoTime();
            Optional<Lease> renewed = ports.leases().acquire(s.instanceId(), hostId, leaseTtl);
            metrics.renewalLatency(Duration.ofNanos(System.nanoTime() - started));
            if (renewed.isEmpty()) {
                metrics.count(HostMetrics.Counter.LEASES_LOST);
                LOG.warn(
                        "lease lost to another host; closing the socket",
                        "instance",
                        s.instance().name());
                locked(s.instanceId(), () -> sessions.remove(s.instanceId(), s));
                s.abandon();
            } else if (sessions.get(s.instanceId()) == s) {
                s.renewed(renewed.get());
            } else {
                // fenced (or closed) while the renewal was in flight: let another host adopt it at once
                ports.leases().release(s.instanceId(), hostId);
            }
        } catch (RuntimeException e) {
            metrics.count(HostMetrics.Counter.RENEWAL_FAILURES);
            LOG.warn(
                    "lease renewal failed; retrying at the next round",
                    e,
                    "instance",
                    s.instance().name());
            fenceLapsed();
        }
    }

    /**
     * Self-fencing: closes, without recording anything, every session whose lease has not been renewed by
     * {@code expiresAt - skew}. Past {@code expiresAt} another host may take the lease; with clocks apart by
     * less than the skew budget, this host's socket is closed before then. Cheap (no I/O): run it often.
     *
     * @return how many sessions were closed
     */
    public int fenceLapsed() {
        java.time.Instant now = ports.clock().instant();
        int fenced = 0;
        for (InstanceSession s : List.copyOf(sessions.values())) {
            if (!now.isBefore(s.lease().expiresAt().minus(skew))) {
                LOG.warn(
                        "lease not renewed in time; closing the socket before it expires",
                        "instance",
                        s.instance().name(),
                        "expiresAt",
                        s.lease().expiresAt().toString());
                if (sessions.remove(s.instanceId(), s)) {
                    metrics.count(HostMetrics.Counter.LEASES_LOST);
                    s.abandon();
                    fenced++;
                }
            }
        }
        return fenced;
    }

    /**
     * Host shutdown: closes every socket without logout, records {@code host_shutdown}, releases the leases so
     * another host (or this one, restarted) resumes the sessions at once.
     *
     * @return the instances whose lease was released (closed first), for the hand-over
     */
    public List<Instance> shutdown() {
        List<Instance> released = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (InstanceSession s : List.copyOf(sessions.values())) {
                pool.execute(() -> locked(s.instanceId(), () -> {
                    try {
                        s.shutdown();
                    } catch (RuntimeException e) {
                        LOG.warn(
                                "shutdown state not recorded",
                                e,
                                "instance",
                                s.instance().name());
                    } finally {
                        sessions.remove(s.instanceId(), s);
                        ports.leases().release(s.instanceId(), hostId);
                        released.add(s.instance());
                    }
                    return null;
                }));
            }
        }
        LOG.info("all sessions closed", "host", hostId);
        return released;
    }

    /**
     * Cuts every socket at once without recording anything or releasing a lease: what a killed process leaves
     * behind (tests of failover). The leases lapse at their expiry.
     */
    public void halt() {
        for (InstanceSession s : List.copyOf(sessions.values())) {
            if (sessions.remove(s.instanceId(), s)) {
                s.abandon();
            }
        }
    }

    /**
     * Rebalancing (docs/fleet.md): closes up to {@code max} connected sessions without logout and without recording
     * anything, and releases their leases ({@code expiresAt = 0}) so another host's next sweep adopts them (no QR:
     * the saved session logs in again). The socket is closed before the lease is released, so two hosts never hold
     * one device. Sessions that are not connected (a QR login in progress) stay.
     *
     * @return how many were handed off
     */
    public int handOff(int max) {
        int done = 0;
        for (InstanceSession s : List.copyOf(sessions.values())) {
            if (done >= max) {
                break;
            }
            if (s.state() != io.zapgate.core.instance.InstanceState.CONNECTED) {
                continue;
            }
            boolean off = locked(s.instanceId(), () -> {
                if (!sessions.remove(s.instanceId(), s)) {
                    return false;
                }
                s.abandon();
                ports.leases().release(s.instanceId(), hostId);
                return true;
            });
            if (off) {
                done++;
                LOG.info(
                        "session handed off for rebalancing",
                        "instance",
                        s.instance().name());
            }
        }
        return done;
    }

    /** Number of live sessions on this host. */
    public int size() {
        return sessions.size();
    }
}
