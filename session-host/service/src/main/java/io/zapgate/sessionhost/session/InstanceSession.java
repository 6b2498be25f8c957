package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.core.session.ConnectTimeline;
import io.zapgate.core.session.SessionLeases.Lease;
import io.zapgate.wa.events.CallOffer;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.LoggedOut;
import io.zapgate.wa.events.OfflineSyncCompleted;
import io.zapgate.wa.events.PairingCode;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.WaEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One instance's live WhatsApp session on this host: one {@link SessionClient} (one socket), held under a
 * lease. Created by the {@link SessionSupervisor}; turns the client's events into recorded connection states,
 * {@code instance.state} events and answers to waiting connect requests, rejects calls when the instance asks
 * for it ({@link CallRejects}), and ends itself (telling the supervisor) when the client will not reconnect by
 * itself.
 */
public final class InstanceSession {
    private static final Log LOG = Log.get(InstanceSession.class);
    static final String CONNECT_FAILED = "Failed to generate QR code";

    private final Instance instance;
    private final SessionClient client;
    private final SessionPorts ports;
    private final StateRecorder recorder;
    private final ResultWriter results;
    private final ConnectWaiters waiters;
    private final CallRejects calls;
    private final Consumer<InstanceSession> onEnded;
    private volatile Lease lease;
    private volatile boolean ended;
    private volatile boolean keepOnline;
    private final LoginSignal login = new LoginSignal();
    private Profile recordedProfile;

    InstanceSession(
            Instance instance,
            SessionClient client,
            Lease lease,
            SessionPorts ports,
            Consumer<InstanceSession> onEnded) {
        this.instance = instance;
        this.client = client;
        this.lease = lease;
        this.ports = ports;
        this.onEnded = onEnded;
        this.recorder = new StateRecorder(instance, ports, () -> this.lease.fencingToken());
        this.results = new ResultWriter(
                instance.accountId(),
                instance.name(),
                ports,
                () -> this.lease,
                () -> Thread.ofVirtual().name("fenced-out-" + instance.id()).start(this::fencedOut));
        this.waiters = new ConnectWaiters(results);
        this.calls = new CallRejects(instance, client, ports);
        this.keepOnline = instance.settings().keepOnlineStatus();
        this.recordedProfile = instance.profile();
        client.addListener(this::onEvent);
    }

    /**
     * Records {@code connecting} and opens the socket; what follows arrives as client events. The socket opens
     * only after the fenced state write succeeded; the {@code connecting} event is published while the socket
     * opens (later events wait for it, so they still leave in order). The device is read from its store while
     * the state is written.
     */
    void start() {
        client.prepare().whenComplete((ok, e) -> {
            if (e != null) {
                LOG.debug(
                        "device not read ahead; connect reads it", "instance", instance.name(), "error", e.toString());
            }
        });
        StateRecorder.HeldEvent connecting;
        try {
            connecting = recorder.recordHoldingEvent(recorder.current().withState(InstanceState.CONNECTING), null);
        } catch (RuntimeException e) {
            // never keep a session without a socket: it would hold the lease and swallow every connect
            LOG.warn("connecting could not be recorded; session not started", e, "instance", instance.name());
            ended = true;
            waiters.fail(CONNECT_FAILED);
            finish("state not recorded");
            return;
        }
        if (connecting == null) {
            // the instance is gone or a newer lease owner wrote its row: no socket for it from here
            ended = true;
            waiters.fail(CONNECT_FAILED);
            finish("instance deleted or lease lost");
            return;
        }
        try {
            waiters.stamp(ConnectTimeline.Stage.SOCKET_OPEN);
            client.connect().whenComplete((ok, error) -> {
                if (error != null) {
                    LOG.info("socket did not open", "instance", instance.name(), "error", error.toString());
                } else {
                    waiters.stamp(ConnectTimeline.Stage.NOISE_DONE);
                }
            });
        } finally {
            connecting.publish();
        }
    }

    /**
     * A connect request ({@code requestId} may be null): answered with the QR on offer, a pairing code for
     * {@code number}, or "already connected" when logged in.
     */
    void requestCode(String requestId, String number) {
        requestCode(requestId, number, null);
    }

    /** {@link #requestCode(String, String)} stamping the request's {@code timeline} (may be null) as it goes. */
    void requestCode(String requestId, String number, ConnectTimeline timeline) {
        if (client.isLoggedIn()) {
            results.outcome(requestId, Kind.ALREADY_CONNECTED, null, timeline);
            return;
        }
        requestPairingCodes(waiters.add(requestId, number, timeline));
    }

    /** Waits until the socket is logged in. @return false if it was not within {@code timeout} */
    boolean awaitLogin(Duration timeout) throws InterruptedException {
        return client.isLoggedIn() || login.await(timeout);
    }

    /** Unlinks the device on WhatsApp (needs a logged-in socket); the client wipes the saved session. */
    void logout(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        client.logout().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        ended = true;
        recorder.record(
                Transitions.loggedOut(recorder.current(), null, ports.clock().instant())
                        .next(),
                DisconnectReason.LOGGED_OUT);
        finish("logged out");
    }

    /** Applies {@code keepOnlineStatus} at once on a live socket (and at every later login). */
    void keepOnline(boolean value) {
        keepOnline = value;
        presence(value);
    }

    /** Sends our availability if logged in. */
    void presence(boolean available) {
        if (client.isLoggedIn()) {
            client.sendPresence(available).whenComplete((ok, e) -> {
                if (e != null) {
                    LOG.info("presence not sent", "instance", instance.name(), "error", e.toString());
                }
            });
        }
    }

    /** Host shutdown: closes the socket without logout and records {@code host_shutdown}. */
    void shutdown() {
        ended = true;
        client.disconnect();
        InstanceState state = recorder.current().state();
        if (state == InstanceState.CONNECTED || state == InstanceState.CONNECTING) {
            Transition t =
                    Transitions.hostShutdown(recorder.current(), ports.clock().instant());
            recorder.record(t.next(), t.reason());
        }
        waiters.fail(CONNECT_FAILED);
        login.ended("host shutdown");
    }

    /** Closes the socket without recording anything (the lease went to another host). */
    void abandon() {
        ended = true;
        client.disconnect();
        login.ended("lease lost");
    }

    /**
     * A write of the saved session (device, pre-keys) or a command result was refused by the fence: a newer owner
     * holds the instance. Ends the session as a refused state write does: socket closed, nothing more recorded.
     */
    void fencedOut() {
        if (ended) {
            return;
        }
        LOG.warn("a newer lease owner wrote the saved session; its session stops", "instance", instance.name());
        ended = true;
        waiters.fail(CONNECT_FAILED);
        finish("fenced out");
    }

    private void onEvent(WaEvent event) {
        if (ended) {
            return;
        }
        try {
            handle(event);
        } catch (RuntimeException e) {
            LOG.warn(
                    "event not recorded",
                    e,
                    "instance",
                    instance.name(),
                    "event",
                    event.getClass().getSimpleName());
        }
    }

    private void handle(WaEvent event) {
        if (event instanceof QrCode q) {
            waiters.stamp(ConnectTimeline.Stage.QR_READY);
            // the waiting connects get their QR before the state write, which their answer does not need (the
            // result write is fenced by the lease on its own): one DynamoDB round trip off the connect's path
            requestPairingCodes(waiters.onQr(q.code(), q.expiresAt()));
        }
        var transition = Transitions.of(
                recorder.current(),
                event,
                ports.clock().instant(),
                client.numberJid().orElse(null));
        boolean recorded;
        try {
            recorded = transition.isEmpty()
                    || recorder.record(transition.get().next(), transition.get().reason());
        } catch (RuntimeException e) {
            if (transition.get().ends()) {
                // the session ends whether or not its last state could be written
                LOG.warn("final state not recorded; the session ends anyway", e, "instance", instance.name());
                ended = true;
                waiters.fail(CONNECT_FAILED);
                finish(event.getClass().getSimpleName());
                return;
            }
            throw e;
        }
        if (!recorded) {
            ended = true;
            waiters.fail(CONNECT_FAILED);
            finish("instance deleted");
            return;
        }
        switch (event) {
            case QrCode q -> {} // answered above
            case PairingCode p -> waiters.onPairingCode(p.code());
            case Connected c -> onLoggedIn();
            case Disconnected d when d.willReconnect() -> login.dropped();
            case CallOffer o -> calls.onOffer(o);
            case OfflineSyncCompleted o -> recorder.offlineSync(o.count());
            default -> {}
        }
        if (transition.isEmpty() || !transition.get().ends()) {
            return;
        }
        if (event instanceof LoggedOut out && out.onConnect() && waiters.hasPending()) {
            LOG.info("saved session was unlinked; linking anew", "instance", instance.name());
            start();
            return;
        }
        ended = true;
        waiters.fail(CONNECT_FAILED);
        finish(event.getClass().getSimpleName());
    }

    private void onLoggedIn() {
        waiters.onConnected();
        login.loggedIn();
        Profile profile = client.profile();
        if (!profile.equals(recordedProfile) && recorder.profile(profile)) {
            recordedProfile = profile;
        }
        if (keepOnline) {
            presence(true);
        }
    }

    private void requestPairingCodes(List<String> numbers) {
        for (String number : numbers) {
            CompletableFuture<String> asked;
            try {
                asked = client.requestPairingCode(number);
            } catch (IllegalArgumentException e) {
                asked = CompletableFuture.failedFuture(e);
            }
            asked.whenComplete((code, error) -> {
                if (error != null) {
                    LOG.info("pairing code not obtained", "instance", instance.name(), "error", error.toString());
                    waiters.fail(CONNECT_FAILED);
                }
            });
        }
    }

    private void finish(String why) {
        login.ended(why);
        onEnded.accept(this);
    }

    public Instance instance() {
        return instance;
    }

    public String instanceId() {
        return instance.id();
    }

    /** The state last recorded for this session. */
    public InstanceState state() {
        return recorder.current().state();
    }

    /** Whether the session ended (its socket is closed for good and the supervisor lets it go). */
    boolean hasEnded() {
        return ended;
    }

    /** The connection last recorded for this session (its state and why it last ended). */
    Connection connection() {
        return recorder.current();
    }

    public boolean isLoggedIn() {
        return client.isLoggedIn();
    }

    /** The lease this host holds the session under (renewed in place). */
    public Lease lease() {
        return lease;
    }

    void renewed(Lease value) {
        lease = value;
    }

    SessionClient client() {
        return client;
    }
}
