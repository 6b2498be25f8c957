package io.zapgate.sessionhost.session;

import io.zapgate.core.command.CommandType;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
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
    static final String NO_SESSION = "Instance has no saved session — call /connect first";
    static final String HELD_ELSEWHERE = "instance is held by another session host";
    static final String PROXY_PASSWORD_UNREADABLE =
            "the proxy password cannot be decrypted; set it again with POST /api/instance/proxy";
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

    /** Resumes a saved session after a restart or failover, without a QR code. */
    /**
     * Takes over sessions nobody holds: instances that should be live (see
     * {@link io.zapgate.core.session.ConnectionStates#resumable()}) whose lease is free or expired — left by a
     * host that shut down during a rolling deploy, or that died. Instances another live host holds are skipped.
     *
     * @return how many were resumed here
     */
    public int adoptOrphans() {
        int adopted = 0;
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
                    LOG.info("adopting an unowned session", "instance", i.name());
                    resume(i);
                    adopted += supervisor.session(i.id()).isPresent() ? 1 : 0;
                }
            } catch (RuntimeException e) {
                // one broken instance must not keep the others from being adopted
                LOG.warn("session not adopted; next sweep retries", e, "instance", i.name());
            }
        }
        return adopted;
    }

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

    private void connect(Instance instance, Map<String, String> args, ResultWriter results) {
        String requestId = args.get("requestId");
        String number = blankToNull(args.get("number"));
        Optional<InstanceSession> live = supervisor.session(instance.id());
        if (live.isPresent()) {
            live.get().requestCode(requestId, number);
            return;
        }
        Optional<InstanceSession> opened;
        try {
            opened = supervisor.open(instance, historyDays(args));
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
