package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import io.zapgate.wa.store.PreKeyStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A WhatsApp multi-device companion client for one session (whatsmeow {@code Client}). Create it with the
 * session's stores, add a listener, then {@link #connect()}: an unpaired device gets {@code QrCode} events (or
 * call {@link #requestPairingCode(String)}), a paired one logs in and gets {@code Connected}. Everything else
 * (pairing, the 515 restart, keepalive, auto-reconnect) happens by itself and is reported as {@link WaEvent}s.
 *
 * <p>Thread-safe and non-blocking: methods return futures; listeners run in order on a virtual thread. Costs
 * no thread while idle (shared timer, shared virtual-thread executor by default).
 */
public final class WaClient implements AutoCloseable {
    private final ClientCore core;

    /** A client whose pre-keys live in memory (they are regenerated after a restart of the JVM). */
    public WaClient(WaClientOptions options, DeviceStore deviceStore) {
        this(options, deviceStore, new InMemoryPreKeyStore());
    }

    /** A client with persistent stores for the device and its pre-keys. */
    public WaClient(WaClientOptions options, DeviceStore deviceStore, PreKeyStore preKeyStore) {
        this(options, deviceStore, preKeyStore, SocketLink::open);
    }

    WaClient(WaClientOptions options, DeviceStore deviceStore, PreKeyStore preKeyStore, LinkFactory links) {
        this.core = new ClientCore(
                Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(deviceStore, "deviceStore"),
                Objects.requireNonNull(preKeyStore, "preKeyStore"),
                links);
    }

    /**
     * Loads the saved device from its store in the background (or, if none is saved, generates a new one in
     * memory), so that a {@link #connect()} soon after does not wait for the store. Optional: connect loads it
     * anyway, and waits for a load in progress. Opens nothing and writes nothing.
     */
    public CompletableFuture<Void> prepare() {
        return CompletableFuture.runAsync(core::device, core.executor());
    }

    /**
     * Opens the connection and runs the Noise handshake (registration payload if unpaired, login payload if a
     * session is saved). Completes when the handshake is done; what follows arrives as events. Fails with
     * {@link WaConnectException} (also emitted as {@code ConnectAttemptFailed}) or {@link IllegalStateException}
     * if already connected.
     */
    public CompletableFuture<Void> connect() {
        return core.lifecycle.connect();
    }

    /** Closes the connection without logging out; no {@code Disconnected} event, no auto-reconnect. */
    public void disconnect() {
        core.lifecycle.disconnect();
    }

    /**
     * Unlinks this companion: sends {@code remove-companion-device}, waits for the server's answer, then
     * disconnects and deletes the saved session. If the server refuses (or does not answer), nothing is deleted
     * and the future fails with {@link IqException}. Requires a logged-in connection.
     */
    public CompletableFuture<Void> logout() {
        Link link = core.link();
        Optional<Jid> jid = core.device().jid();
        if (link == null || !link.isOpen() || jid.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in"));
        }
        Node remove = Node.builder("remove-companion-device")
                .attr("jid", jid.get())
                .attr("reason", "user_initiated")
                .build();
        return core.iq
                .query(link, "md", "set", List.of(remove))
                .thenAcceptAsync(
                        answer -> {
                            core.lifecycle.disconnect();
                            core.wipeSession();
                        },
                        core.executor());
    }

    /**
     * Asks the server for an 8-character pairing code for {@code phone} (digits with country code; spaces, '+'
     * and dashes are ignored). Needs an open connection of an unpaired device, i.e. after the first
     * {@code QrCode}. Completes with the code as {@code ABCD-EFGH} (also emitted as {@code PairingCode}).
     *
     * @throws IllegalArgumentException if the phone number is not plausible
     */
    public CompletableFuture<String> requestPairingCode(String phone) {
        return core.pairCode.request(phone, true);
    }

    /** Sends {@code <presence type="available|unavailable" name=pushName/>}; needs a logged-in connection. */
    public CompletableFuture<Void> sendPresence(Presence presence) {
        Link link = core.link();
        if (link == null || !core.isLoggedIn()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in"));
        }
        String name = core.device().pushName();
        return link.send(Node.builder("presence")
                .attr("type", presence.wireValue())
                .attr("name", name.isEmpty() ? null : name)
                .build());
    }

    /**
     * Rejects an incoming call ({@code CallOffer}): sends {@code <call to=CALLER><reject call-id=… call-creator=CALLER
     * count="0"/></call>} like whatsmeow {@code RejectCall}. The caller sees the call declined; nothing is sent to
     * the chat. Needs a logged-in connection; completes when the stanza was written.
     *
     * @param callFrom the offer's {@code from} (a device part is dropped)
     * @param callId the offer's {@code callId}
     */
    public CompletableFuture<Void> rejectCall(Jid callFrom, String callId) {
        Objects.requireNonNull(callFrom, "callFrom");
        Objects.requireNonNull(callId, "callId");
        return core.calls.reject(callFrom, callId);
    }

    /** @return whether the socket is open and the Noise handshake finished */
    public boolean isConnected() {
        Link link = core.link();
        return link != null && link.isOpen();
    }

    /** @return whether the server accepted our login ({@code <success>}) on the current connection */
    public boolean isLoggedIn() {
        return core.isLoggedIn();
    }

    /** @return the current device (keys are never logged; do not log them yourself) */
    public Device device() {
        return core.device();
    }

    /** @return own JID once paired */
    public Optional<Jid> jid() {
        return core.device().jid();
    }

    /**
     * @return how many messages, receipts and notifications this client has received since it was created, over
     *     all its connections (each was acknowledged to the server); counts only, no content is kept
     */
    public InboundStats stats() {
        return core.inboundStanzas.stats();
    }

    /** Adds a listener for all events of this client. */
    public void addListener(Consumer<WaEvent> listener) {
        core.events.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener; @return whether it was registered */
    public boolean removeListener(Consumer<WaEvent> listener) {
        return core.events.remove(listener);
    }

    /** Same as {@link #disconnect()}. */
    @Override
    public void close() {
        disconnect();
    }

    ClientCore core() {
        return core;
    }
}
