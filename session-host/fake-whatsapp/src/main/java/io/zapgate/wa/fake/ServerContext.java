package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * State shared by all connections of one {@link FakeWhatsApp}: keys, the device registry, recordings, and the
 * table of live connections (by pairing ref for unpaired ones, by device id for logged-in ones).
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
    }

    /** A fresh id for stanzas and refs, unique within this server. */
    int nextId() {
        return ids.incrementAndGet();
    }

    long nowSeconds() {
        return options.clock().instant().getEpochSecond();
    }

    Jid deviceJid(int device) {
        return Jid.ofDevice(options.phoneNumber(), device, Jid.DEFAULT_USER_SERVER);
    }

    Jid lidJid(int device) {
        return Jid.ofDevice(options.lidUser(), device, Jid.LID_SERVER);
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
