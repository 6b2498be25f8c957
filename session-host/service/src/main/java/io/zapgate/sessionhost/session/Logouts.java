package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Instance;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * LOGOUT and DELETE: unlink the device on WhatsApp when it is linked (logging in with the saved session
 * first if no socket is open), wipe the saved session, and end the session. Called with the instance's lock
 * held.
 */
final class Logouts {
    private static final Log LOG = Log.get(Logouts.class);
    static final String LOGOUT_FAILED = "Failed to logout instance";
    static final Duration LOGIN_WAIT = Duration.ofSeconds(10);
    static final Duration LOGOUT_WAIT = Duration.ofSeconds(10);
    private final SessionSupervisor supervisor;
    private final SessionPorts ports;

    Logouts(SessionSupervisor supervisor, SessionPorts ports) {
        this.supervisor = supervisor;
        this.ports = ports;
    }

    /** Logs out: DONE once unlinked and wiped (also when nothing was linked), FAILED if WhatsApp refused. */
    void logout(Instance instance, String requestId, ResultWriter results) {
        String id = instance.id();
        boolean linked = ports.saved().exists(id);
        Optional<InstanceSession> live = supervisor.session(id);
        if (linked && live.isEmpty()) {
            live = supervisor.open(instance, 0);
            if (live.isEmpty()) {
                results.outcome(requestId, Kind.FAILED, LOGOUT_FAILED);
                return;
            }
            live.get().start();
        }
        try {
            if (linked && live.get().awaitLogin(LOGIN_WAIT)) {
                live.get().logout(LOGOUT_WAIT);
            } else if (linked && ports.saved().exists(id)) {
                LOG.warn("logout failed: could not log in with the saved session", "instance", instance.name());
                results.outcome(requestId, Kind.FAILED, LOGOUT_FAILED);
                return;
            } else {
                live.ifPresent(s -> {
                    s.abandon();
                    supervisor.ended(s);
                });
                ports.saved().wipe(id);
                Transition t = Transitions.loggedOut(instance.connection(), null, ports.clock().instant());
                new StateRecorder(instance, ports).record(t.next(), t.reason());
            }
            results.outcome(requestId, Kind.DONE, null);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("logout refused or unanswered by WhatsApp", e, "instance", instance.name());
            results.outcome(requestId, Kind.FAILED, LOGOUT_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during logout", e);
        }
    }

    /**
     * The instance was deleted by the API (its rows are gone): unlink a live, logged-in socket, wipe the saved
     * session, end the session. A session that is not live is only wiped here.
     */
    void delete(String instanceId, String instanceName, String requestId, ResultWriter results) {
        Optional<InstanceSession> live = supervisor.session(instanceId);
        if (live.isPresent() && live.get().isLoggedIn()) {
            try {
                live.get().logout(LOGOUT_WAIT);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("unlink of a deleted instance failed; wiping the session anyway", e, "instance",
                        instanceName);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during delete", e);
            }
        }
        supervisor.session(instanceId).ifPresent(s -> {
            s.abandon();
            supervisor.ended(s);
        });
        ports.saved().wipe(instanceId);
        results.outcome(requestId, Kind.DONE, null);
        LOG.info("deleted instance's session wiped", "instance", instanceName);
    }
}
