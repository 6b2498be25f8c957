package io.zapgate.wa.fake;

import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.proto.DeviceProps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * What clients did against the fake server, for assertions. Thread-safe; getters return copies. Wait for a
 * condition with {@link #awaitUntil(Predicate, Duration)} (wait/notify, no polling sleeps), e.g.
 * {@code recordings.awaitUntil(r -> r.loginCount() >= 1, Duration.ofSeconds(10))}.
 */
public final class Recordings {
    private int connectionCount;
    private int closedCount;
    private int registrationCount;
    private int loginCount;
    private int mostOpenAtOnce;
    private int lastPreKeyUpload = -1;
    private ClientPayload lastClientPayload;
    private DeviceProps lastDeviceProps;
    private final List<Node> received = new ArrayList<>();
    private final List<Node> iqs = new ArrayList<>();
    private final List<Node> presences = new ArrayList<>();
    private final List<Node> sentErrors = new ArrayList<>();
    private final List<Jid> logouts = new ArrayList<>();
    private final List<LinkedDevice> pairings = new ArrayList<>();
    private final List<String> callRejects = new ArrayList<>();
    private final DeliveryRecordings delivery = new DeliveryRecordings(this);
    /** Per device id: logged-in sockets open now, the most ever open at once, and logins accepted. */
    private final Map<Integer, Integer> openLoggedIn = new HashMap<>();

    private final Map<Integer, Integer> maxLoggedIn = new HashMap<>();
    private final Map<Integer, Integer> loginsByDevice = new HashMap<>();
    /** Per device id: {@link System#nanoTime()} of its latest login, and of the latest end of a logged-in socket. */
    private final Map<Integer, Long> lastLoginNanos = new HashMap<>();

    private final Map<Integer, Long> lastLoggedInCloseNanos = new HashMap<>();

    /** WebSocket connections accepted so far. */
    public synchronized int connectionCount() {
        return connectionCount;
    }

    /** WebSocket connections that have ended so far (whoever closed them). */
    public synchronized int closedCount() {
        return closedCount;
    }

    /** WebSocket connections open now (accepted and not yet ended). */
    public synchronized int openCount() {
        return connectionCount - closedCount;
    }

    /** The most WebSocket connections that were ever open at the same time (two hosts on one device: 2). */
    public synchronized int mostOpenAtOnce() {
        return mostOpenAtOnce;
    }

    /** Starts {@link #mostOpenAtOnce} again from the connections open now (e.g. after a link's restart). */
    public synchronized void resetMostOpenAtOnce() {
        mostOpenAtOnce = connectionCount - closedCount;
    }

    /** Handshakes that carried a registration (pairing) payload. */
    public synchronized int registrationCount() {
        return registrationCount;
    }

    /** Logins answered with {@code <success>}. */
    public synchronized int loginCount() {
        return loginCount;
    }

    /** Logins of the device (id within the account) answered with {@code <success>}. */
    public synchronized int loginCount(int device) {
        return loginsByDevice.getOrDefault(device, 0);
    }

    /**
     * Logged-in sockets of the device open now: from the {@code <success>} until the server sees the socket end
     * (a client killed without a close is seen when its TCP connection drops).
     */
    public synchronized int openLoggedInSockets(int device) {
        return openLoggedIn.getOrDefault(device, 0);
    }

    /**
     * The most logged-in sockets the device ever had open at the same time (0 if it never logged in). More than
     * 1 means two clients held the device at once: the later login replaced the earlier socket (WhatsApp sends
     * it {@code <stream:error><conflict type="replaced"/>}), i.e. two owners of one session.
     */
    public synchronized int maxConcurrentLoggedInSockets(int device) {
        return maxLoggedIn.getOrDefault(device, 0);
    }

    /**
     * {@link System#nanoTime()} of the device's latest accepted login, if any: with {@link
     * #lastLoggedInSocketClosedNanos(int)}, how long a device had no logged-in socket while its session moved.
     */
    public synchronized java.util.OptionalLong lastLoginNanos(int device) {
        Long t = lastLoginNanos.get(device);
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    /** {@link System#nanoTime()} when a logged-in socket of the device last ended, if one ever did. */
    public synchronized java.util.OptionalLong lastLoggedInSocketClosedNanos(int device) {
        Long t = lastLoggedInCloseNanos.get(device);
        return t == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(t);
    }

    /** {@link #maxConcurrentLoggedInSockets(int)} of every device that ever logged in (device id → most). */
    public synchronized Map<Integer, Integer> maxConcurrentLoggedInSockets() {
        return Map.copyOf(maxLoggedIn);
    }

    /** The ClientPayload of the latest handshake. */
    public synchronized Optional<ClientPayload> lastClientPayload() {
        return Optional.ofNullable(lastClientPayload);
    }

    /** DeviceProps of the latest registration payload ({@code devicePairingData.deviceProps}, spec §2.5). */
    public synchronized Optional<DeviceProps> lastDeviceProps() {
        return Optional.ofNullable(lastDeviceProps);
    }

    /** {@code historySyncConfig.fullSyncDaysLimit} of the latest DeviceProps, if set (spec §8 "N days"). */
    public synchronized OptionalInt historyDays() {
        if (lastDeviceProps == null || !lastDeviceProps.getHistorySyncConfig().hasFullSyncDaysLimit()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(lastDeviceProps.getHistorySyncConfig().getFullSyncDaysLimit());
    }

    /** {@code requireFullSync} of the latest DeviceProps (false if none). */
    public synchronized boolean requireFullSync() {
        return lastDeviceProps != null && lastDeviceProps.getRequireFullSync();
    }

    /** Every node clients sent after their handshake, in arrival order. */
    public synchronized List<Node> received() {
        return List.copyOf(received);
    }

    /** How many {@code iq} nodes clients sent. */
    public synchronized int iqCount() {
        return iqs.size();
    }

    /** The {@code iq} nodes clients sent. */
    public synchronized List<Node> iqs() {
        return List.copyOf(iqs);
    }

    /** The {@code iq} nodes with the given {@code xmlns}. */
    public synchronized List<Node> iqs(String xmlns) {
        return iqs.stream()
                .filter(n -> n.attr("xmlns").filter(xmlns::equals).isPresent())
                .toList();
    }

    /** The {@code presence} nodes clients sent. */
    public synchronized List<Node> presences() {
        return List.copyOf(presences);
    }

    /** Own-JIDs named by {@code remove-companion-device} (client logouts, spec §7.6). */
    public synchronized List<Jid> logouts() {
        return List.copyOf(logouts);
    }

    /** Whether any client logged out. */
    public synchronized boolean logoutSeen() {
        return !logouts.isEmpty();
    }

    /** {@code <failure>} and {@code <stream:error>} nodes the server sent, in order. */
    public synchronized List<Node> sentErrors() {
        return List.copyOf(sentErrors);
    }

    /** Devices linked (pairing completed), in order. */
    public synchronized List<LinkedDevice> pairings() {
        return List.copyOf(pairings);
    }

    /**
     * Call ids that clients rejected with {@code <call><reject call-id=…/></call>}, in arrival order (the whole
     * stanzas are in {@link #received()}).
     */
    public synchronized List<String> callRejects() {
        return List.copyOf(callRejects);
    }

    /** Pushed stanzas and the clients' acks (same lock: usable inside {@link #awaitUntil}). */
    public DeliveryRecordings delivery() {
        return delivery;
    }

    /** Number of one-time pre-keys in the latest upload, -1 if none (spec §6.2). */
    public synchronized int lastPreKeyUpload() {
        return lastPreKeyUpload;
    }

    /**
     * Blocks until {@code condition} holds (checked now and after every new recording) or the timeout passes.
     * The condition runs under this object's lock: call only this object's getters from it.
     *
     * @return whether the condition held; false on timeout or interrupt (the interrupt flag is kept)
     */
    public synchronized boolean awaitUntil(Predicate<Recordings> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    synchronized void connectionOpened() {
        connectionCount++;
        mostOpenAtOnce = Math.max(mostOpenAtOnce, connectionCount - closedCount);
        notifyAll();
    }

    synchronized void connectionClosed() {
        closedCount++;
        notifyAll();
    }

    synchronized void clientPayload(ClientPayload payload) {
        lastClientPayload = payload;
        if (payload.hasDevicePairingData()) {
            registrationCount++;
            try {
                lastDeviceProps =
                        DeviceProps.parseFrom(payload.getDevicePairingData().getDeviceProps());
            } catch (InvalidProtocolBufferException e) {
                lastDeviceProps = null;
            }
        }
        notifyAll();
    }

    synchronized void nodeReceived(Node node) {
        received.add(node);
        switch (node.tag()) {
            case "iq" -> iqs.add(node);
            case "presence" -> presences.add(node);
            default -> {}
        }
        notifyAll();
    }

    synchronized void errorSent(Node node) {
        sentErrors.add(node);
        notifyAll();
    }

    synchronized void loginAccepted() {
        loginCount++;
        notifyAll();
    }

    /** A login of {@code device} was accepted on a new socket (before any socket it replaces is closed). */
    synchronized void deviceLoggedIn(int device) {
        int open = openLoggedIn.merge(device, 1, Integer::sum);
        maxLoggedIn.merge(device, open, Math::max);
        loginsByDevice.merge(device, 1, Integer::sum);
        lastLoginNanos.put(device, System.nanoTime());
        notifyAll();
    }

    /** A socket that had logged in as {@code device} ended. */
    synchronized void deviceSocketClosed(int device) {
        openLoggedIn.computeIfPresent(device, (d, n) -> n <= 1 ? null : n - 1);
        lastLoggedInCloseNanos.put(device, System.nanoTime());
        notifyAll();
    }

    synchronized void logout(Jid jid) {
        logouts.add(jid);
        notifyAll();
    }

    synchronized void paired(LinkedDevice device) {
        pairings.add(device);
        notifyAll();
    }

    synchronized void callRejected(String callId) {
        callRejects.add(callId);
        notifyAll();
    }

    synchronized void preKeysUploaded(int count) {
        lastPreKeyUpload = count;
        notifyAll();
    }
}
