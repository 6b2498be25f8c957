package io.zapgate.sessionhost.session;

import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.command.InstanceCommand.Adopt;
import io.zapgate.core.command.InstanceCommand.ApplySettings;
import io.zapgate.core.command.InstanceCommand.Connect;
import io.zapgate.core.command.InstanceCommand.Delete;
import io.zapgate.core.command.InstanceCommand.Logout;
import io.zapgate.core.command.InstanceCommand.Reconnect;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.core.session.ConnectTimeline;
import io.zapgate.core.session.SessionLeases;
import java.util.Optional;

/**
 * Carries out one command from the API on this host's sessions. Commands are idempotent: a redelivered or
 * duplicate connect never opens a second socket (it is answered with the QR on offer, or "already
 * connected"). A command past its {@code expiresAt} is {@linkplain Outcome#EXPIRED expired}: dropped unrun,
 * with a FAILED result for whoever might still wait on it. A command whose instance no longer exists (or is
 * another incarnation of the name) is {@linkplain Outcome#STALE stale}; a delete is the exception, its rows
 * are already gone.
 */
public final class CommandHandler {
    /** What became of a command. All mean the message can be deleted. */
    public enum Outcome {
        HANDLED,
        STALE,
        EXPIRED
    }

    private static final Log LOG = Log.get(CommandHandler.class);
    /** Orphans adopted in parallel by one sweep. */
    private static final int ADOPTING_AT_ONCE = 32;

    static final String NO_SESSION = "Instance has no saved session — call /connect first";
    static final String HELD_ELSEWHERE = "instance is held by another session host";
    static final String AT_CAPACITY = "the session host is at capacity, try again later";
    static final String PROXY_PASSWORD_UNREADABLE =
            "the proxy password cannot be decrypted; set it again with POST /api/instance/proxy";
    /** The FAILED result's message for a command that expired in the queue. */
    public static final String EXPIRED = "Command expired before the session host could run it";

    private final SessionSupervisor supervisor;
    private final SessionPorts ports;
    private final Logouts logouts;
    private volatile io.zapgate.sessionhost.ops.HostMetrics metrics = io.zapgate.sessionhost.ops.HostMetrics.NONE;
    /** Where an {@link Adopt} sends the instance to resume (the host's {@link Resumer}); by default, here. */
    private volatile java.util.function.Consumer<Instance> adopter = this::resume;

    public CommandHandler(SessionSupervisor supervisor, SessionPorts ports) {
        this.supervisor = supervisor;
        this.ports = ports;
        this.logouts = new Logouts(supervisor, ports);
    }

    /** Where handled, stale and expired commands are counted. */
    public void metrics(io.zapgate.sessionhost.ops.HostMetrics metrics) {
        this.metrics = metrics;
    }

    /** Resumes the instances named by {@link Adopt} commands through {@code adopter} (paced, bounded). */
    public void adoptThrough(java.util.function.Consumer<Instance> adopter) {
        this.adopter = adopter;
    }

    /** Handles {@code c} and counts its outcome; an unexpected failure propagates (the message is redelivered). */
    public Outcome handle(InstanceCommand c) {
        Outcome outcome = run(c);
        metrics.count(
                switch (outcome) {
                    case HANDLED -> io.zapgate.sessionhost.ops.HostMetrics.Counter.COMMANDS_HANDLED;
                    case STALE -> io.zapgate.sessionhost.ops.HostMetrics.Counter.COMMANDS_STALE;
                    case EXPIRED -> io.zapgate.sessionhost.ops.HostMetrics.Counter.COMMANDS_EXPIRED;
                });
        return outcome;
    }

    private Outcome run(InstanceCommand c) {
        ConnectTimeline timeline =
                c instanceof Connect ? new ConnectTimeline().stamp(ConnectTimeline.Stage.RECEIVED_BY_HOST) : null;
        ResultWriter results = new ResultWriter(c.accountId(), c.instanceName(), ports);
        java.time.Instant now = ports.clock().instant();
        if (c.expiredAt(now)) {
            LOG.warn(
                    "command expired before it could run; dropped",
                    "instance",
                    c.instanceName(),
                    "commandId",
                    c.commandId(),
                    "type",
                    c.name(),
                    "expiredAt",
                    c.expiresAt().toString());
            results.outcome(c.requestId(), Kind.FAILED, EXPIRED);
            return Outcome.EXPIRED;
        }
        boolean delete = c instanceof Delete;
        Optional<Instance> row =
                delete ? Optional.empty() : ports.instances().find(new InstanceKey(c.accountId(), c.instanceName()));
        if (!delete && (row.isEmpty() || !row.get().id().equals(c.instanceId()))) {
            LOG.info(
                    "command for an instance that no longer exists; dropped",
                    "instance",
                    c.instanceName(),
                    "commandId",
                    c.commandId(),
                    "type",
                    c.name());
            return Outcome.STALE;
        }
        supervisor.locked(c.instanceId(), () -> {
            switch (c) {
                case Connect connect -> connect(row.orElseThrow(), connect, results, timeline);
                case Reconnect reconnect -> reconnect(row.orElseThrow(), reconnect.requestId(), results);
                case Logout logout -> logouts.logout(row.orElseThrow(), logout.requestId(), results);
                case Delete del -> logouts.delete(c.instanceId(), c.instanceName(), del.requestId(), results);
                case ApplySettings settings ->
                    supervisor
                            .session(c.instanceId())
                            .ifPresent(s ->
                                    s.keepOnline(row.orElseThrow().settings().keepOnlineStatus()));
                case Adopt adopt -> adopt(row.orElseThrow());
            }
            return null;
        });
        LOG.info("command handled", "instance", c.instanceName(), "commandId", c.commandId(), "type", c.name());
        return Outcome.HANDLED;
    }

    /**
     * Takes over sessions nobody holds (see {@link #orphans(int)}) right away, side by side. The session host
     * goes through its {@link Resumer} instead, which paces and retries them.
     *
     *
     * @param max adopt at most this many (this host's fair share)
     * @return how many were resumed here
     */
    public int adoptOrphans(int max) {
        java.util.concurrent.atomic.AtomicInteger adopted = new java.util.concurrent.atomic.AtomicInteger();
        // a dead host's sessions are adopted side by side (each is a few DynamoDB calls, the login is async)
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(ADOPTING_AT_ONCE);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (Instance i : orphans(max)) {
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        LOG.info("adopting an unowned session", "instance", i.name());
                        resume(i);
                        if (supervisor.session(i.id()).isPresent()) {
                            adopted.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        // one broken instance must not keep the others from being adopted
                        LOG.warn("session not adopted; next sweep retries", e, "instance", i.name());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return adopted.get();
    }

    /** {@link #adoptOrphans(int)} without a cap. */
    public int adoptOrphans() {
        return adoptOrphans(Integer.MAX_VALUE);
    }

    /**
     * Sessions nobody holds: instances whose lease row says they should be live (on a shard) and whose lease was
     * released or expired — left by a host that shut down during a rolling deploy, handed off, or that died. One
     * Query per shard on the leases table's index, no Scan; the shards are visited from a random one so hosts
     * sweeping at once spread out. An orphan with nothing to resume (instance gone, no saved session) is taken
     * off its shard. Taking the lease (when the session opens) is conditional, so two hosts never adopt the same
     * instance.
     *
     * @param max at most this many (this host's fair share)
     */
    public java.util.List<Instance> orphans(int max) {
        java.util.List<Instance> out = new java.util.ArrayList<>();
        java.time.Instant now = ports.clock().instant();
        int first = java.util.concurrent.ThreadLocalRandom.current().nextInt(SessionLeases.SHARDS);
        for (int n = 0; n < SessionLeases.SHARDS && out.size() < max; n++) {
            int shard = (first + n) % SessionLeases.SHARDS;
            for (SessionLeases.Orphan o : ports.leases().orphans(shard, now, 100)) {
                if (out.size() >= max) {
                    break;
                }
                if (supervisor.session(o.instanceId()).isPresent()) {
                    continue;
                }
                try {
                    orphanRow(o).ifPresent(out::add);
                } catch (RuntimeException e) {
                    LOG.warn("orphan not read; next sweep retries", e, "instance", o.instanceId());
                }
            }
        }
        return out;
    }

    /** The instance row to resume for an orphaned lease, or empty (and the lease taken off its shard). */
    private Optional<Instance> orphanRow(SessionLeases.Orphan o) {
        Optional<Instance> row = o.subject() == null
                ? Optional.empty()
                : ports.instances()
                        .find(new InstanceKey(
                                o.subject().accountId(), o.subject().instanceName()));
        if (row.isEmpty() || !row.get().id().equals(o.instanceId()) || !supervisor.linked(row.get())) {
            LOG.info("orphaned lease with nothing to resume; taken off the sweep", "instance", o.instanceId());
            supervisor.forgetOrphan(o.instanceId());
            return Optional.empty();
        }
        return row;
    }

    /** Resumes a saved session after a restart or failover, without a QR code. */
    public void resume(Instance instance) {
        supervisor.locked(instance.id(), () -> {
            if (supervisor.session(instance.id()).isEmpty() && supervisor.linked(instance)) {
                supervisor.open(instance, 0).ifPresent(InstanceSession::start);
            } else if (supervisor.session(instance.id()).isEmpty()) {
                LOG.info("nothing to resume: no saved session", "instance", instance.name());
            }
            return null;
        });
    }

    /**
     * A stopping host released the instance and asks for it to be taken over at once. Resumed (through the
     * adopter, without a QR) only if its lease is free or expired and a session is saved; if this host or another
     * live one holds it, or nothing is saved, the request is dropped. The lease is taken conditionally when the
     * session opens, so a host sweeping at the same time cannot end up with a second socket.
     */
    private void adopt(Instance instance) {
        if (supervisor.session(instance.id()).isPresent()) {
            LOG.info("adoption request for a session held here; dropped", "instance", instance.name());
            return;
        }
        java.time.Instant now = ports.clock().instant();
        Optional<SessionLeases.Lease> lease = ports.leases().current(instance.id());
        if (lease.isPresent()
                && lease.get().owner() != null
                && lease.get().expiresAt().isAfter(now)) {
            LOG.info(
                    "adoption request for a session another host holds; dropped",
                    "instance",
                    instance.name(),
                    "owner",
                    lease.get().owner());
            return;
        }
        if (!supervisor.linked(instance)) {
            LOG.info("adoption request for an instance with no saved session; dropped", "instance", instance.name());
            return;
        }
        LOG.info("adopting a session handed over by a stopping host", "instance", instance.name());
        adopter.accept(instance);
    }

    private void connect(Instance instance, Connect c, ResultWriter results, ConnectTimeline timeline) {
        String requestId = c.requestId();
        String number = c.phone() == null || c.phone().isBlank() ? null : c.phone();
        Optional<InstanceSession> live = supervisor.session(instance.id());
        if (live.isPresent()) {
            live.get().requestCode(requestId, number, timeline);
            return;
        }
        Optional<InstanceSession> opened;
        try {
            opened = supervisor.open(instance, c.historyDays());
        } catch (SessionUnreadableException e) {
            opened = Optional.empty();
        }
        if (opened.isEmpty()) {
            results.outcome(requestId, Kind.FAILED, InstanceSession.CONNECT_FAILED, timeline);
            return;
        }
        timeline.stamp(ConnectTimeline.Stage.LEASE_TAKEN);
        opened.get().requestCode(requestId, number, timeline);
        opened.get().start();
    }

    private void reconnect(Instance instance, String requestId, ResultWriter results) {
        if (supervisor.session(instance.id()).isPresent()) {
            results.outcome(requestId, Kind.DONE, null);
            return;
        }
        Optional<InstanceSession> opened;
        try {
            if (!supervisor.linked(instance)) {
                results.outcome(requestId, Kind.FAILED, NO_SESSION);
                return;
            }
            opened = supervisor.open(instance, 0);
        } catch (SessionUnreadableException e) {
            results.outcome(requestId, Kind.FAILED, "Failed to reconnect: " + SessionUnreadableException.MESSAGE);
            return;
        }
        if (opened.isEmpty()) {
            results.outcome(
                    requestId,
                    Kind.FAILED,
                    "Failed to reconnect: "
                            + (SessionSupervisor.unreadableProxyPassword(instance)
                                    ? PROXY_PASSWORD_UNREADABLE
                                    : supervisor.atCapacity() ? AT_CAPACITY : HELD_ELSEWHERE));
            return;
        }
        opened.get().start();
        results.outcome(requestId, Kind.DONE, null);
    }
}
