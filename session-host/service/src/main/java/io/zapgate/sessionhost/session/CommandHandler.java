package io.zapgate.sessionhost.session;

import io.zapgate.core.command.CommandType;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.core.session.SessionLeases;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out one command from the API on this host's sessions. Commands are idempotent: a redelivered or
 * duplicate CONNECT never opens a second socket (it is answered with the QR on offer, or "already
 * connected"). A command whose instance no longer exists (or is another incarnation of the name) is
 * {@linkplain Outcome#STALE stale}; DELETE is the exception, its rows are already gone.
 */
public final class CommandHandler {
    /** What became of a command. Both mean the message can be deleted. */
    public enum Outcome {
        HANDLED,
        STALE
    }

    private static final Log LOG = Log.get(CommandHandler.class);
    /** Orphans adopted in parallel by one sweep. */
    private static final int ADOPTING_AT_ONCE = 32;

    static final String NO_SESSION = "Instance has no saved session — call /connect first";
    static final String HELD_ELSEWHERE = "instance is held by another session host";
    private final SessionSupervisor supervisor;
    private final SessionPorts ports;
    private final Logouts logouts;

    public CommandHandler(SessionSupervisor supervisor, SessionPorts ports) {
        this.supervisor = supervisor;
        this.ports = ports;
        this.logouts = new Logouts(supervisor, ports);
    }

    /** Handles {@code c}; an unexpected failure propagates (the message is then redelivered). */
    public Outcome handle(InstanceCommand c) {
        Optional<Instance> row = c.type() == CommandType.DELETE
                ? Optional.empty()
                : ports.instances().find(new InstanceKey(c.accountId(), c.instanceName()));
        if (c.type() != CommandType.DELETE && (row.isEmpty() || !row.get().id().equals(c.instanceId()))) {
            LOG.info(
                    "command for an instance that no longer exists; dropped",
                    "instance",
                    c.instanceName(),
                    "commandId",
                    c.commandId(),
                    "type",
                    c.type().name());
            return Outcome.STALE;
        }
        ResultWriter results = new ResultWriter(c.accountId(), c.instanceName(), ports);
        String requestId = c.args().get("requestId");
        supervisor.locked(c.instanceId(), () -> {
            switch (c.type()) {
                case CONNECT -> connect(row.get(), c.args(), results);
                case RECONNECT -> reconnect(row.get(), requestId, results);
                case LOGOUT -> logouts.logout(row.get(), requestId, results);
                case DELETE -> logouts.delete(c.instanceId(), c.instanceName(), requestId, results);
                case APPLY_SETTINGS ->
                    supervisor
                            .session(c.instanceId())
                            .ifPresent(s -> s.keepOnline(row.get().settings().keepOnlineStatus()));
                case APPLY_PRESENCE ->
                    supervisor
                            .session(c.instanceId())
                            .ifPresent(s ->
                                    s.presence(!"unavailable".equals(c.args().get("presence"))));
            }
            return null;
        });
        LOG.info(
                "command handled",
                "instance",
                c.instanceName(),
                "commandId",
                c.commandId(),
                "type",
                c.type().name());
        return Outcome.HANDLED;
    }

    /**
     * Takes over sessions nobody holds: instances whose lease row says they should be live (on a shard) and
     * whose lease was released or expired — left by a host that shut down during a rolling deploy, handed off,
     * or that died. One Query per shard on the leases table's index, no Scan; the shards are visited from a
     * random one so hosts sweeping at once spread out. Taking the lease is conditional, so two hosts never adopt
     * the same instance. An orphan with nothing to resume (instance gone, no saved session) is taken off its
     * shard.
     *
     * @param max adopt at most this many (this host's fair share)
     * @return how many were resumed here
     */
    public int adoptOrphans(int max) {
        java.util.concurrent.atomic.AtomicInteger adopted = new java.util.concurrent.atomic.AtomicInteger();
        java.time.Instant now = ports.clock().instant();
        int first = java.util.concurrent.ThreadLocalRandom.current().nextInt(SessionLeases.SHARDS);
        // a dead host's sessions are adopted side by side (each is a few DynamoDB calls, the login is async)
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(ADOPTING_AT_ONCE);
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int n = 0; n < SessionLeases.SHARDS && adopted.get() < max; n++) {
                int shard = (first + n) % SessionLeases.SHARDS;
                for (SessionLeases.Orphan o : ports.leases().orphans(shard, now, 100)) {
                    if (adopted.get() >= max) {
                        break;
                    }
                    if (supervisor.session(o.instanceId()).isPresent()) {
                        continue;
                    }
                    slots.acquireUninterruptibly();
                    pool.execute(() -> {
                        try {
                            if (adopted.get() < max && adopt(o)) {
                                adopted.incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            // one broken instance must not keep the others from being adopted
                            LOG.warn("session not adopted; next sweep retries", e, "instance", o.instanceId());
                        } finally {
                            slots.release();
                        }
                    });
                }
            }
        }
        return adopted.get();
    }

    /** {@link #adoptOrphans(int)} without a cap. */
    public int adoptOrphans() {
        return adoptOrphans(Integer.MAX_VALUE);
    }

    private boolean adopt(SessionLeases.Orphan o) {
        Optional<Instance> row = o.subject() == null
                ? Optional.empty()
                : ports.instances()
                        .find(new InstanceKey(
                                o.subject().accountId(), o.subject().instanceName()));
        if (row.isEmpty()
                || !row.get().id().equals(o.instanceId())
                || !ports.saved().exists(o.instanceId())) {
            LOG.info("orphaned lease with nothing to resume; taken off the sweep", "instance", o.instanceId());
            supervisor.forgetOrphan(o.instanceId());
            return false;
        }
        LOG.info("adopting an unowned session", "instance", row.get().name());
        resume(row.get());
        return supervisor.session(o.instanceId()).isPresent();
    }

    /** Resumes a saved session after a restart or failover, without a QR code. */
    public void resume(Instance instance) {
        supervisor.locked(instance.id(), () -> {
            if (supervisor.session(instance.id()).isEmpty() && ports.saved().exists(instance.id())) {
                supervisor.open(instance, 0).ifPresent(InstanceSession::start);
            } else if (supervisor.session(instance.id()).isEmpty()) {
                LOG.info("nothing to resume: no saved session", "instance", instance.name());
            }
            return null;
        });
    }

    private void connect(Instance instance, Map<String, String> args, ResultWriter results) {
        String requestId = args.get("requestId");
        String number = blankToNull(args.get("number"));
        Optional<InstanceSession> live = supervisor.session(instance.id());
        if (live.isPresent()) {
            live.get().requestCode(requestId, number);
            return;
        }
        Optional<InstanceSession> opened = supervisor.open(instance, historyDays(args));
        if (opened.isEmpty()) {
            results.outcome(requestId, Kind.FAILED, InstanceSession.CONNECT_FAILED);
            return;
        }
        opened.get().requestCode(requestId, number);
        opened.get().start();
    }

    private void reconnect(Instance instance, String requestId, ResultWriter results) {
        if (supervisor.session(instance.id()).isPresent()) {
            results.outcome(requestId, Kind.DONE, null);
            return;
        }
        if (!ports.saved().exists(instance.id())) {
            results.outcome(requestId, Kind.FAILED, NO_SESSION);
            return;
        }
        Optional<InstanceSession> opened = supervisor.open(instance, 0);
        if (opened.isEmpty()) {
            results.outcome(requestId, Kind.FAILED, "Failed to reconnect: " + HELD_ELSEWHERE);
            return;
        }
        opened.get().start();
        results.outcome(requestId, Kind.DONE, null);
    }

    /** {@code history}/{@code historyDays} argument; none given: no explicit request. */
    static int historyDays(Map<String, String> args) {
        String raw = blankToNull(args.getOrDefault("historyDays", args.get("history")));
        if (raw == null) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(3650, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            LOG.info("ignoring a malformed history argument");
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
