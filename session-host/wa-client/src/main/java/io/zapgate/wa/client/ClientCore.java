package io.zapgate.wa.client;

import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shared state of one client and the wiring of its parts: options, stores, the current device and link, the
 * inbound queue (nodes are handled one at a time, in arrival order), IQ correlation and events. Handlers that
 * block (store writes, waiting for IQ answers, PBKDF2) run on {@link #executor()}, never on the inbound queue.
 */
final class ClientCore {
    final WaClientOptions options;
    final DeviceStore deviceStore;
    final PreKeyStore preKeyStore;
    final EventDispatcher events;
    final SerialExecutor inbound;
    final IqRequests iq;
    final QrPairing qr;
    final PairSuccessHandler pairSuccess;
    final PairCodeFlow pairCode;
    final LoginFlow login;
    final ConnectionEvents connectionEvents;
    final OutdatedRetry outdated;
    final Calls calls;
    final InboundStanzas inboundStanzas;
    final Notifications notifications;
    final NodeRouter router;
    final Lifecycle lifecycle;
    /** Held while pre-keys are claimed and uploaded ({@link PreKeyUpload}); not a monitor: it spans IQ waits. */
    final ReentrantLock preKeyUploadLock = new ReentrantLock();
    /**
     * Held while a pair-success is saved and its reply sent ({@link PairSuccessHandler}) and by {@link
     * Lifecycle#disconnect()}: after a disconnect returns, no pairing is saved or confirmed any more. Taken before
     * the lifecycle's monitor, never after it.
     */
    final ReentrantLock pairingLock = new ReentrantLock();

    private volatile Device device;
    private volatile Link link;
    private volatile KeepAlive keepAlive;
    private volatile boolean loggedIn;

    ClientCore(WaClientOptions options, DeviceStore deviceStore, PreKeyStore preKeyStore, LinkFactory links) {
        this.options = options;
        this.deviceStore = deviceStore;
        this.preKeyStore = preKeyStore;
        this.events = new EventDispatcher(options.executor());
        this.inbound = new SerialExecutor(options.executor());
        this.iq = new IqRequests(options.scheduler(), options.iqTimeout());
        this.qr = new QrPairing(this);
        this.pairSuccess = new PairSuccessHandler(this);
        this.pairCode = new PairCodeFlow(this);
        this.login = new LoginFlow(this);
        this.connectionEvents = new ConnectionEvents(this);
        this.outdated = new OutdatedRetry(this);
        this.calls = new Calls(this);
        this.inboundStanzas = new InboundStanzas();
        this.notifications = new Notifications(this);
        this.router = new NodeRouter(this);
        this.lifecycle = new Lifecycle(this, links);
    }

    /** The device in memory; loaded from the store, or generated, on first use. */
    synchronized Device device() {
        if (device == null) {
            device = deviceStore.load().orElseGet(Device::generate);
        }
        return device;
    }

    /** Replaces the in-memory device without saving it (unpaired changes such as a derived adv secret). */
    synchronized void updateDevice(Device value) {
        device = value;
    }

    /** Saves the device, then makes it current. */
    synchronized void saveDevice(Device value) {
        deviceStore.save(value);
        device = value;
    }

    /** Deletes the saved session and pre-keys; the next connect starts a fresh pairing with new keys. */
    synchronized void wipeSession() {
        deviceStore.delete();
        preKeyStore.deleteAll();
        device = Device.generate();
        loggedIn = false;
    }

    Link link() {
        return link;
    }

    boolean isCurrent(Link candidate) {
        return candidate != null && candidate == link;
    }

    void attach(Link value, KeepAlive ping) {
        link = value;
        keepAlive = ping;
        loggedIn = false;
    }

    /** Forgets {@code old} if it is current; stops its keepalive and fails its pending IQs. */
    boolean detach(Link old) {
        iq.failAll(old);
        if (old != link) {
            return false;
        }
        KeepAlive ping = keepAlive;
        if (ping != null) {
            ping.stop();
        }
        link = null;
        keepAlive = null;
        loggedIn = false;
        qr.stop();
        pairCode.reset();
        return true;
    }

    boolean isLoggedIn() {
        return loggedIn && link != null && link.isOpen();
    }

    void markLoggedIn() {
        loggedIn = true;
    }

    void emit(WaEvent event) {
        events.emit(event);
    }

    Clock clock() {
        return options.clock();
    }

    Executor executor() {
        return options.executor();
    }

    TaskScheduler scheduler() {
        return options.scheduler();
    }
}
