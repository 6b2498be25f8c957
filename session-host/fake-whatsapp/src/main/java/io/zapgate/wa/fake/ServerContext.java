package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * State shared by all connections of one {@link FakeWhatsApp}: keys, the device registry, recordings, offline
 * queues, the version gate, the ack-deadline timer, and the table of live connections (by pairing ref for
 * unpaired ones, by device id for logged-in ones).
 */
final class ServerContext {
    final FakeWhatsAppOptions options;
    final DeviceRegistry registry;
    final Recordings recordings = new Recordings();
    final SecureRandom random = new SecureRandom();
    final KeyPair serverStatic;
    final KeyPair phoneIdentity;
    final AdvSigner signer;
    final byte[] certificateChain;
    final OfflineQueues offline = new OfflineQueues();
    final VersionGate versions;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fake-wa-ack-deadlines").factory());
    private final AtomicInteger ids = new AtomicInteger();
    private final Set<FakeConnection> live = ConcurrentHashMap.newKeySet();
    private final Map<String, PairingSession> byRef = new ConcurrentHashMap<>();
    private final Map<Integer, FakeConnection> byDevice = new ConcurrentHashMap<>();
    private volatile PairingSession latestLinkCodeRequest;

    ServerContext(FakeWhatsAppOptions options, KeyPair serverStatic, byte[] certificateChain) {
        this.options = options;
        this.serverStatic = serverStatic;
        this.certificateChain = certificateChain.clone();
        this.registry = new DeviceRegistry(options.phoneNumber(), options.firstDeviceId(), options.clock());
        this.phoneIdentity = options.phoneIdentity().orElseGet(KeyPair::generate);
        this.signer = new AdvSigner(phoneIdentity, random.nextInt() & 0x7FFFFFFF, random);
        this.versions = new VersionGate(options.minimumVersion(), options.currentVersion());
    }

    /** Runs {@code task} once the ack deadline has passed (on the timer thread: hand work to a connection). */
    void afterAckDeadline(Runnable task) {
        timer.schedule(task, options.ackDeadline().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Hands a stanza to the device's logged-in connection (sent now if it is active, else queued), or queues it
     * for the device's next login.
     *
     * @return whether it went to an active connection
     * @throws IllegalStateException if the device is not linked
     */
    boolean push(Jid deviceJid, Node stanza) {
        int device = registry.keyOf(deviceJid)
                .filter(key -> registry.devices().stream().anyMatch(d -> d.device() == key))
                .orElseThrow(() -> new IllegalStateException("device " + deviceJid + " is not linked"));
        Optional<FakeConnection> connection = connectionOf(device);
        Optional<ConnectionDelivery> delivery = connection.flatMap(FakeConnection::delivery);
        if (delivery.isPresent()
                && !connection.get().submit(() -> delivery.get().push(stanza)).isCompletedExceptionally()) {
            return delivery.get().isActive();
        }
        offline.add(device, stanza);
        return false;
    }

    /** Stops the timer (server shutdown). */
    void shutdown() {
        timer.shutdownNow();
    }

    /** A fresh id for stanzas and refs, unique within this server. */
    int nextId() {
        return ids.incrementAndGet();
    }

    long nowSeconds() {
        return options.clock().instant().getEpochSecond();
    }

    /** The JID of a device key ({@link DeviceRegistry}: the device id on the first account, beyond on siblings). */
    Jid deviceJid(int deviceKey) {
        return Jid.ofDevice(
                registry.userOf(DeviceRegistry.accountOf(deviceKey)),
                DeviceRegistry.deviceIdOf(deviceKey),
                Jid.DEFAULT_USER_SERVER);
    }

    Jid lidJid(int deviceKey) {
        int account = DeviceRegistry.accountOf(deviceKey);
        String lid = account == 0
                ? options.lidUser()
                : new BigInteger(options.lidUser())
                        .add(BigInteger.valueOf(account))
                        .toString();
        return Jid.ofDevice(lid, DeviceRegistry.deviceIdOf(deviceKey), Jid.LID_SERVER);
    }

    void opened(FakeConnection connection) {
        live.add(connection);
        recordings.connectionOpened();
    }

    void closed(FakeConnection connection) {
        live.remove(connection);
        byRef.values().removeIf(s -> s.connection() == connection);
        byDevice.values().removeIf(c -> c == connection);
        if (latestLinkCodeRequest != null && latestLinkCodeRequest.connection() == connection) {
            latestLinkCodeRequest = null;
        }
        recordings.connectionClosed();
    }

    /** Live connections that finished the Noise handshake. */
    List<FakeConnection> established() {
        return live.stream().filter(FakeConnection::established).toList();
    }

    void addRefs(List<String> refs, PairingSession session) {
        refs.forEach(r -> byRef.put(r, session));
    }

    Optional<PairingSession> sessionForRef(String ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    void linkCodeRequested(PairingSession session) {
        latestLinkCodeRequest = session;
    }

    Optional<PairingSession> latestLinkCodeRequest() {
        return Optional.ofNullable(latestLinkCodeRequest);
    }

    /** Records a logged-in connection; returns the one it replaces (same device), if any. */
    Optional<FakeConnection> loggedIn(int device, FakeConnection connection) {
        return Optional.ofNullable(byDevice.put(device, connection)).filter(old -> old != connection);
    }

    Optional<FakeConnection> connectionOf(int device) {
        return Optional.ofNullable(byDevice.get(device));
    }

    List<FakeConnection> loggedInConnections() {
        return new ArrayList<>(byDevice.values());
    }
}
