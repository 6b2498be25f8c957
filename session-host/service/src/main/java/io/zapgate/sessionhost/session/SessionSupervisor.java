package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.SessionLeases.Lease;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.wa.transport.ProxyConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
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
    private final Map<String, InstanceSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, InstanceLock> locks = new ConcurrentHashMap<>();
    private volatile HostMetrics metrics = HostMetrics.NONE;

    public SessionSupervisor(SessionPorts ports, SessionClientFactory clients, String hostId, Duration leaseTtl) {
        this.ports = ports;
        this.clients = clients;
        this.hostId = hostId;
        this.leaseTtl = leaseTtl;
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
        Optional<Lease> lease = ports.leases().acquire(id, hostId, leaseTtl);
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
        try {
            client = clients.create(new ClientSpec(
                    id, ports.saved().deviceStore(id), ports.saved().preKeyStore(id), proxy, historyDays));
        } catch (RuntimeException e) {
            ports.leases().release(id, hostId);
            if (SessionUnreadableException.isUnreadable(e)) {
                throw SessionUnreadableException.recorded(instance, ports, e);
            }
            throw e;
        }
        InstanceSession session = new InstanceSession(instance, client, lease.get(), ports, this::ended);
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
        if (ports.leases().acquire(instanceId, hostId, leaseTtl).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(clients.create(new ClientSpec(
                    instanceId,
                    ports.saved().deviceStore(instanceId),
                    ports.saved().preKeyStore(instanceId),
                    proxy,
                    0)));
        } catch (RuntimeException e) {
            ports.leases().release(instanceId, hostId);
            throw e;
        }
    }

    /** Closes a {@link #detachedClient} and frees the lease. */
    void releaseDetached(String instanceId, SessionClient client) {
        client.disconnect();
        ports.leases().release(instanceId, hostId);
    }

    /** A session ended (permanent disconnect, logout, deletion): forget it, close its socket, free the lease. */
    void ended(InstanceSession session) {
        locked(session.instanceId(), () -> {
            if (sessions.remove(session.instanceId(), session)) {
                session.client().disconnect();
                ports.leases().release(session.instanceId(), hostId);
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
     * Renews every lease; a session whose lease went to another host, or expired because renewals kept failing,
     * is closed without recording anything (the new owner records the state).
     */
    public void renewLeases() {
        for (InstanceSession s : List.copyOf(sessions.values())) {
            try {
                long started = System.nanoTime();
                Optional<Lease> renewed = ports.leases().acquire(s.instanceId(), hostId, leaseTtl);
                metrics.renewalLatency(Duration.ofNanos(System.nanoTime() - started));
                if (renewed.isPresent()) {
                    s.renewed(renewed.get());
                } else {
                    metrics.count(HostMetrics.Counter.LEASES_LOST);
                    LOG.warn(
                            "lease lost to another host; closing the socket",
                            "instance",
                            s.instance().name());
                    locked(s.instanceId(), () -> sessions.remove(s.instanceId(), s));
                    s.abandon();
                }
            } catch (RuntimeException e) {
                metrics.count(HostMetrics.Counter.RENEWAL_FAILURES);
                if (!ports.clock().instant().isBefore(s.lease().expiresAt())) {
                    metrics.count(HostMetrics.Counter.LEASES_LOST);
                    // self-fencing: past its expiry another host may already hold the instance
                    LOG.warn(
                            "lease expired without renewal; closing the socket",
                            e,
                            "instance",
                            s.instance().name());
                    locked(s.instanceId(), () -> sessions.remove(s.instanceId(), s));
                    s.abandon();
                } else {
                    LOG.warn(
                            "lease renewal failed; retrying at the next round",
                            e,
                            "instance",
                            s.instance().name());
                }
            }
        }
    }

    /**
     * Host shutdown: closes every socket without logout, records {@code host_shutdown}, releases the leases so
     * another host (or this one, restarted) resumes the sessions at once.
     */
    public void shutdown() {
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
                    }
                    return null;
                }));
            }
        }
        LOG.info("all sessions closed", "host", hostId);
    }

    /** Number of live sessions on this host. */
    public int size() {
        return sessions.size();
    }
}
