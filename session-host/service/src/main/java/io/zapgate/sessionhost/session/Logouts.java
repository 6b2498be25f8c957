package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Instance;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.PermanentDisconnect;
import io.zapgate.wa.transport.ProxyConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * LOGOUT and DELETE: unlink the device on WhatsApp when it is linked (logging in with the saved session
 * first if no socket is open), wipe the saved session, and end the session. Called with the instance's lock
 * held.
 *
 * <p>"Linked" always means a paired device is saved ({@link io.zapgate.sessionhost.store.SavedSessions#exists}),
 * never what the instance row says. When nothing is linked, a socket that is open but not logged in (a QR or
 * pairing code on offer) is closed and only then is the saved session read again: a phone scanning the QR meanwhile either fails (the socket is gone) or
 * completed its pairing already, and then the new companion is saved and gets logged out like any linked one,
 * so WhatsApp is never left with a companion whose keys were wiped.
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
        Optional<InstanceSession> live = supervisor.session(id);
        boolean linked;
        try {
            if (!supervisor.linked(instance)) {
                // not linked (yet): close a socket showing a QR before wiping, then look again (see the class doc)
                live = closeIfNotLoggedIn(live);
            }
            linked = supervisor.linked(instance);
            if (linked && live.isEmpty()) {
                live = supervisor.open(instance, 0);
                if (live.isEmpty()) {
                    results.outcome(requestId, Kind.FAILED, LOGOUT_FAILED);
                    return;
                }
                live.get().start();
            }
        } catch (SessionUnreadableException e) {
            // recorded as session_unreadable; the saved session stays for when its key is back
            results.outcome(requestId, Kind.FAILED, LOGOUT_FAILED);
            return;
        }
        try {
            if (linked && live.get().awaitLogin(LOGIN_WAIT)) {
                live.get().logout(LOGOUT_WAIT);
            } else if (linked && ports.saved().exists(id)) {
                LOG.warn("logout failed: could not log in with the saved session", "instance", instance.name());
                results.outcome(requestId, Kind.FAILED, LOGOUT_FAILED);
                return;
            } else {
                live.ifPresent(this::close);
                ports.saved().wipe(id);
                Transition t = Transitions.loggedOut(
                        instance.connection(), null, ports.clock().instant());
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
     * The instance was deleted by the API (its rows are gone): when a paired device is saved, unlink it on
     * WhatsApp — through the live socket if it is logged in, else through a socket of its own logged in with
     * the saved session (the instance's proxy is only known from a live session; without one the socket is
     * direct) — then wipe the saved session and end the session. A failed unlink is logged and the session
     * wiped anyway; an instance held by another live host is not unlinked from here.
     */
    void delete(String instanceId, String instanceName, String requestId, ResultWriter results) {
        Optional<InstanceSession> live = supervisor.session(instanceId);
        ProxyConfig proxy = live.map(s -> proxyOf(s.instance())).orElse(null);
        live = closeIfNotLoggedIn(live);
        if (savedOrUnreadable(instanceId, instanceName)) {
            try {
                if (live.isPresent()) {
                    live.get().logout(LOGOUT_WAIT);
                } else {
                    unlinkDetached(instanceId, instanceName, proxy);
                }
            } catch (ExecutionException | TimeoutException | io.zapgate.wa.store.StoreException e) {
                // StoreException: the saved session cannot be read (e.g. its key left the ring), so no login
                LOG.warn("unlink of a deleted instance failed; wiping the session anyway", e, "instance", instanceName);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during delete", e);
            }
        }
        supervisor.session(instanceId).ifPresent(this::close);
        ports.saved().wipe(instanceId);
        results.outcome(requestId, Kind.DONE, null);
        LOG.info("deleted instance's session wiped", "instance", instanceName);
    }

    /** Whether a device is saved for a deleted instance; one that cannot be decrypted counts (and will fail to log in). */
    private boolean savedOrUnreadable(String instanceId, String instanceName) {
        try {
            return ports.saved().exists(instanceId);
        } catch (RuntimeException e) {
            if (SessionUnreadableException.isUnreadable(e)) {
                LOG.warn(
                        "deleted instance's saved session cannot be decrypted; not unlinked",
                        e,
                        "instance",
                        instanceName);
                return true;
            }
            throw e;
        }
    }

    /** Logs in with the saved session on a socket of its own (no row to record on) and logs out. */
    private void unlinkDetached(String instanceId, String instanceName, ProxyConfig proxy)
            throws InterruptedException, ExecutionException, TimeoutException {
        Optional<SessionClient> opened = supervisor.detachedClient(instanceId, proxy);
        if (opened.isEmpty()) {
            LOG.warn(
                    "deleted instance is held by another session host; not unlinked from here",
                    "instance",
                    instanceName);
            return;
        }
        SessionClient client = opened.get();
        CompletableFuture<Void> login = new CompletableFuture<>();
        client.addListener(event -> {
            if (event instanceof Connected) {
                login.complete(null);
            } else if (event instanceof PermanentDisconnect) {
                login.completeExceptionally(new IllegalStateException("login refused: " + event));
            }
        });
        try {
            client.connect().whenComplete((ok, error) -> {
                if (error != null) {
                    login.completeExceptionally(error);
                }
            });
            login.get(LOGIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            client.logout().get(LOGOUT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("deleted instance unlinked on WhatsApp", "instance", instanceName);
        } finally {
            supervisor.releaseDetached(instanceId, client);
        }
    }

    /**
     * Closes a live socket that is not logged in (QR or pairing code on offer, or reconnecting), so no pairing
     * completes while the caller decides what is linked. @return the session if it is still live
     */
    private Optional<InstanceSession> closeIfNotLoggedIn(Optional<InstanceSession> live) {
        if (live.isPresent() && !live.get().isLoggedIn()) {
            close(live.get());
            return Optional.empty();
        }
        return live;
    }

    private void close(InstanceSession session) {
        session.abandon();
        supervisor.ended(session);
    }

    private static ProxyConfig proxyOf(Instance instance) {
        try {
            return Proxies.toTransport(instance.proxy());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
