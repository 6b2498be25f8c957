package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The primary phone of the fake account: links companions (QR or pairing code), unlinks them, bans the
 * account, and disturbs live connections. Obtain it from {@link FakeWhatsApp#phone()}. Thread-safe.
 *
 * <p>Linking methods return a future that completes with the linked device once the companion's
 * {@code pair-device-sign} verified, the device was registered and {@code <stream:error code="515"/>} was
 * sent; it fails with {@link FakePairingException} (bad QR, unknown ref, wrong code, bad signature, closed
 * connection).
 *
 * <p>Contacts can also write to a linked companion ({@link #push(Jid, PushKind)}): messages, receipts, group
 * notifications and calls, which the companion must ack like those of the offline burst.
 */
public final class FakePhone {
    /** Who calls in {@link #callDevice(LinkedDevice, boolean)}. */
    public static final Jid DEFAULT_CALLER = FakeContacts.CONTACT;

    private final ServerContext ctx;

    FakePhone(ServerContext ctx) {
        this.ctx = ctx;
    }

    /** The phone number, e.g. {@code 15551234567}. */
    public String phoneNumber() {
        return ctx.options.phoneNumber();
    }

    /** The phone's identity public key (the {@code accountSignatureKey} companions will trust). */
    public byte[] identityPublicKey() {
        return ctx.phoneIdentity.publicKey();
    }

    /** The phone's identity key pair (for tests that act as the phone themselves). */
    public KeyPair identityKey() {
        return ctx.phoneIdentity;
    }

    /**
     * Scans a companion's QR string (either form, see {@link QrData}) and links that companion (spec §4.3).
     *
     * @param qr the QR content the companion displays
     * @return completes with the linked device after the 515 was sent
     */
    public CompletableFuture<LinkedDevice> scanQr(String qr) {
        QrData data;
        try {
            data = QrData.parse(qr);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new FakePairingException("cannot scan QR: " + e.getMessage(), e));
        }
        return ctx.sessionForRef(data.ref())
                .map(session -> session.scan(data))
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new FakePairingException("no live companion connection owns ref " + data.ref())));
    }

    /**
     * Enters the 8-character pairing code (dash optional) shown by the companion that most recently sent
     * {@code companion_hello} for this phone number (spec §5.2).
     *
     * @param code e.g. {@code YX57-3K9L}
     * @return completes with the linked device after the 515 was sent
     */
    public CompletableFuture<LinkedDevice> enterPairingCode(String code) {
        return ctx.latestLinkCodeRequest()
                .map(session -> session.enterCode(code))
                .orElseGet(() -> CompletableFuture.failedFuture(
                        new FakePairingException("no companion asked for a pairing code (companion_hello)")));
    }

    /** The currently linked companions. */
    public List<LinkedDevice> linkedDevices() {
        return ctx.registry.devices();
    }

    /**
     * Unlinks a companion from the phone: its live connection gets
     * {@code <stream:error code="401"><conflict type="device_removed"/></stream:error>} (spec §7.3) and the
     * server forgets the device, so its next login gets {@code <failure reason="401"/>}.
     *
     * @param jid the device JID, e.g. {@code 15551234567:1@s.whatsapp.net}
     * @return whether that device was linked
     */
    public boolean unlink(Jid jid) {
        Optional<LinkedDevice> removed = ctx.registry.unregister(jid);
        removed.flatMap(d -> ctx.connectionOf(d.device()))
                .ifPresent(c -> c.submit(() -> c.sendErrorAndClose(Stanzas.deviceRemoved())));
        return removed.isPresent();
    }

    /** Unlinks every companion; returns the devices unlinked. */
    public List<LinkedDevice> unlinkAll() {
        List<LinkedDevice> devices = ctx.registry.devices();
        devices.forEach(d -> unlink(d.jid()));
        return devices;
    }

    /**
     * Bans the account (spec §7.2). Logins then get {@code <failure reason="402" code="101" expire=seconds/>}
     * for a temporary ban, or {@code <failure reason="403" …/>} for a permanent one; logged-in connections get
     * the same failure now and are closed. Devices stay linked; a temporary ban lifts by itself.
     *
     * @param duration how long, or {@code null} for a permanent ban
     */
    public void ban(Duration duration) {
        Ban ban = Ban.of(duration, ctx.options.clock().instant());
        ctx.registry.ban(ban);
        for (FakeConnection c : ctx.loggedInConnections()) {
            c.submit(() -> c.sendErrorAndClose(c.failureFor(ban.permanent() ? 403 : 402, ban)));
        }
    }

    /** Lifts any ban. */
    public void unban() {
        ctx.registry.ban(null);
    }

    /**
     * Sends {@code <stream:error code="515"/>} (restart required) to every connection past its handshake and
     * closes them; clients reconnect and log in again.
     *
     * @return how many connections got it
     */
    public int sendRestart515() {
        List<FakeConnection> connections = ctx.established();
        connections.forEach(c -> c.submit(() -> c.sendErrorAndClose(Stanzas.streamError(515))));
        return connections.size();
    }

    /**
     * Drops every connection past its handshake like a network failure: the TCP connection is closed without
     * a WebSocket close frame, stream end or error (the client sees status 1006); clients should reconnect.
     *
     * @return how many connections were dropped
     */
    public int dropSocket() {
        List<FakeConnection> connections = ctx.established();
        connections.forEach(FakeConnection::drop);
        return connections.size();
    }

    /**
     * Calls a linked companion: its logged-in connection gets {@code <call from=CALLER><offer call-id=…
     * call-creator=CALLER>…</offer></call>} from {@link #DEFAULT_CALLER} (with a {@code <video>} child for a video
     * call), at once if it is active, else after its offline burst. It must be acked in time (as any pushed
     * stanza); a reject the companion sends shows in {@link Recordings#callRejects()}.
     *
     * @return the call id (32 upper-case hex characters)
     * @throws IllegalStateException if the device has no logged-in connection
     */
    public String callDevice(LinkedDevice device, boolean video) {
        return callDevice(device.jid(), video);
    }

    /** As {@link #callDevice(LinkedDevice, boolean)}, naming the device by its JID. */
    public String callDevice(Jid device, boolean video) {
        if (ctx.registry.keyOf(device).flatMap(ctx::connectionOf).isEmpty()) {
            throw new IllegalStateException("device " + device + " is not connected");
        }
        String callId = PushStanzas.hex(ctx.random, 16);
        String stanzaId = Integer.toHexString(ctx.nextId()).toUpperCase(Locale.ROOT);
        ctx.push(device, Stanzas.callOffer(stanzaId, ctx.nowSeconds(), DEFAULT_CALLER, callId, video));
        return callId;
    }

    /**
     * A contact sends the linked companion a stanza of {@code kind} ({@link FakeContacts} are the senders). It goes
     * out at once if the device's connection is logged in and active, else it waits for the device's next login
     * (in that login's offline burst). Like every pushed stanza it must be acked within
     * {@link FakeWhatsAppOptions#ackDeadline()}.
     *
     * @return the stanza (its {@code id} is what the ack must name)
     * @throws IllegalStateException if the device is not linked
     */
    public Node push(Jid device, PushKind kind) {
        return push(device, PushStanzas.build(kind, ctx.nowSeconds(), ctx.random));
    }

    /** As {@link #push(Jid, PushKind)}, a stanza of the caller's making (it needs an {@code id}, else IAE). */
    public Node push(Jid device, Node stanza) {
        if (stanza.attr("id").filter(id -> !id.isEmpty()).isEmpty()) {
            throw new IllegalArgumentException("a pushed stanza needs an id");
        }
        ctx.push(device, stanza);
        return stanza;
    }

    /**
     * A contact sends one stanza of {@code kind} to every linked companion whose connection is logged in and
     * active (one new stanza each); companions that are offline get nothing. Benchmarks drive load with it.
     *
     * @return how many companions it went to
     */
    public int pushToActive(PushKind kind) {
        int sent = 0;
        for (LinkedDevice device : linkedDevices()) {
            boolean active = ctx.connectionOf(device.device())
                    .flatMap(FakeConnection::delivery)
                    .map(ConnectionDelivery::isActive)
                    .orElse(false);
            if (active) {
                push(device.jid(), kind);
                sent++;
            }
        }
        return sent;
    }

    /** What clients sent (same object as {@link FakeWhatsApp#recordings()}). */
    public Recordings recordings() {
        return ctx.recordings;
    }
}
