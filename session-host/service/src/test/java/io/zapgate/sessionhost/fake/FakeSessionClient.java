package io.zapgate.sessionhost.fake;

import io.zapgate.core.instance.Profile;
import io.zapgate.sessionhost.session.ClientSpec;
import io.zapgate.sessionhost.session.SessionClient;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.events.WaEvent;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A scripted {@link SessionClient}: the test emits the events a real client would (synchronously, in order),
 * and sees what the session asked of it (connects, disconnects, logouts, presences, pairing codes, call rejects).
 */
public final class FakeSessionClient implements SessionClient {
    public final ClientSpec spec;
    public final AtomicInteger prepares = new AtomicInteger();
    public final AtomicInteger connects = new AtomicInteger();
    public final AtomicInteger disconnects = new AtomicInteger();
    public final AtomicInteger logouts = new AtomicInteger();
    public final List<Boolean> presences = new CopyOnWriteArrayList<>();
    public final List<String> pairingRequests = new CopyOnWriteArrayList<>();
    public final List<RejectedCall> rejectedCalls = new CopyOnWriteArrayList<>();
    private final List<Consumer<WaEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean loggedIn;
    private volatile String numberJid;
    /** What {@link #logout()} does; default: succeeds and wipes the saved session like the real client. */
    public volatile boolean refuseLogout;
    /** When set, {@link #connect()} logs in at once ({@link io.zapgate.wa.events.Connected}) if a paired device is saved. */
    public volatile boolean loginOnConnect;

    public FakeSessionClient(ClientSpec spec) {
        this.spec = spec;
    }

    /** Delivers {@code event} to the listeners, as the client's event thread would. */
    public void emit(WaEvent event) {
        if (event instanceof io.zapgate.wa.events.Connected) {
            loggedIn = true;
        } else if (event instanceof io.zapgate.wa.events.PairSuccess p) {
            numberJid = p.jid().toNonAd().toString();
        } else if (event instanceof io.zapgate.wa.events.Disconnected
                || event instanceof io.zapgate.wa.events.PermanentDisconnect) {
            loggedIn = false;
        }
        listeners.forEach(l -> l.accept(event));
    }

    public void numberJid(String jid) {
        numberJid = jid;
    }

    @Override
    public CompletableFuture<Void> prepare() {
        prepares.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> connect() {
        connects.incrementAndGet();
        if (loginOnConnect
                && spec.deviceStore().load().filter(d -> d.isPaired()).isPresent()) {
            emit(new io.zapgate.wa.events.Connected());
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void disconnect() {
        disconnects.incrementAndGet();
        loggedIn = false;
    }

    @Override
    public CompletableFuture<Void> logout() {
        logouts.incrementAndGet();
        if (refuseLogout || !loggedIn) {
            return CompletableFuture.failedFuture(new IllegalStateException("refused"));
        }
        loggedIn = false;
        spec.deviceStore().delete();
        spec.preKeyStore().deleteAll();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> requestPairingCode(String phone) {
        pairingRequests.add(phone);
        return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<Void> sendPresence(boolean available) {
        presences.add(available);
        return CompletableFuture.completedFuture(null);
    }

    /** A call the session rejected. */
    public record RejectedCall(Jid from, String callId) {}

    @Override
    public CompletableFuture<Void> rejectCall(Jid callFrom, String callId) {
        if (!loggedIn) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in"));
        }
        rejectedCalls.add(new RejectedCall(callFrom, callId));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isLoggedIn() {
        return loggedIn;
    }

    @Override
    public Optional<String> numberJid() {
        return Optional.ofNullable(numberJid);
    }

    @Override
    public Profile profile() {
        return new Profile("Test Push", null, false, null, "android");
    }

    @Override
    public void addListener(Consumer<WaEvent> listener) {
        listeners.add(listener);
    }
}
