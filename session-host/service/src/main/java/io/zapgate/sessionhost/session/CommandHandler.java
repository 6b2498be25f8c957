package io.zapgate.sessionhost.session;

import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.command.InstanceCommand.ApplySettings;
import io.zapgate.core.command.InstanceCommand.Connect;
import io.zapgate.core.command.InstanceCommand.Delete;
import io.zapgate.core.command.InstanceCommand.Logout;
import io.zapgate.core.command.InstanceCommand.Reconnect;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
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
    static final String NO_SESSION = "Instance has no saved session — call /connect first";
    static final String HELD_ELSEWHERE = "instance is held by another session host";
    static final String PROXY_PASSWORD_UNREADABLE =
            "the proxy password cannot be decrypted; set it again with POST /api/instance/proxy";
    /** The FAILED result's message for a command that expired in the queue. */
    public static final String EXPIRED = "Command expired before the session host could run it";

    private final SessionSupervisor supervisor;
    private final SessionPorts ports;
    private final Logouts logouts;
    private volatile io.zapgate.sessionhost.ops.HostMetrics metrics = io.zapgate.sessionhost.ops.HostMetrics.NONE;

    public CommandHandler(SessionSupervisor supervisor, SessionPorts ports) {
        this.supervisor = supervisor;
        this.ports = ports;
        this.logouts = new Logouts(supervisor, ports);
    }

    /** Where handled, stale and expired commands are counted. */
    public void metrics(io.zapgate.sessionhost.ops.HostMetrics metrics) {
        this.metrics = metrics;
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
                case Connect connect -> connect(row.orElseThrow(), connect, results);
                case Reconnect reconnect -> reconnect(row.orElseThrow(), reconnect.requestId(), results);
                case Logout logout -> logouts.logout(row.orElseThrow(), logout.requestId(), results);
                case Delete del -> logouts.delete(c.instanceId(), c.instanceName(), del.requestId(), results);
                case ApplySettings settings ->
                    supervisor
                            .session(c.instanceId())
                            .ifPresent(s ->
                                    s.keepOnline(row.orElseThrow().settings().keepOnlineStatus()));
            }
            return null;
        });
        LOG.info("command handled", "instance", c.instanceName(), "commandId", c.commandId(), "type", c.name());
        return Outcome.HANDLED;
    }

    /**
     * Takes over sessions nobody holds (see {@link #orphans()}) right away, one after another. The session
     * host goes through its {@link Resumer} instead, which paces and retries them.
     *
     * @return how many were resumed here
     */
    public int adoptOrphans() {
        int adopted = 0;
        for (Instance i : orphans()) {
            try {
                LOG.info("adopting an unowned session", "instance", i.name());
                resume(i);
                adopted += supervisor.session(i.id()).isPresent() ? 1 : 0;
            } catch (RuntimeException e) {
                // one broken instance must not keep the others from being adopted
                LOG.warn("session not adopted; next sweep retries", e, "instance", i.name());
            }
        }
        return adopted;
    }

    /**
     * Sessions nobody holds: instances that should be live (see
     * {@link io.zapgate.core.session.ConnectionStates#resumable()}) whose lease is free or expired — left by a
     * host that shut down during a rolling deploy, or that died. Instances another live host holds, or this
     * one, are left out.
     */
    public java.util.List<Instance> orphans() {
        java.util.List<Instance> out = new java.util.ArrayList<>();
        java.time.Instant now = ports.clock().instant();
        for (Instance i : ports.states().resumable()) {
            if (supervisor.session(i.id()).isPresent()) {
                continue;
            }
            try {
                boolean free = ports.leases()
                        .current(i.id())
                        .map(l -> l.expiresAt().isBefore(now))
                        .orElse(true);
                if (free) {
                    out.add(i);
                }
            } catch (RuntimeException e) {
                LOG.warn("lease not read; next sweep retries", e, "instance", i.name());
            }
        }
        return out;
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

    private void connect(Instance instance, Connect c, ResultWriter results) {
        String requestId = c.requestId();
        String number = c.phone() == null || c.phone().isBlank() ? null : c.phone();
        Optional<InstanceSession> live = supervisor.session(instance.id());
        if (live.isPresent()) {
            live.get().requestCode(requestId, number);
            return;
        }
        Optional<InstanceSession> opened;
        try {
            opened = supervisor.open(instance, c.historyDays());
        } catch (SessionUnreadableException e) {
            opened = Optional.empty();
        }
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
                                    : HELD_ELSEWHERE));
            return;
        }
        opened.get().start();
        results.outcome(requestId, Kind.DONE, null);
    }
}
