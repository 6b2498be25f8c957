package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.noise.CertificateIssuer;
import io.zapgate.wa.noise.CertificateVerifier;
import io.zapgate.wa.noise.NoiseConstants;
import io.zapgate.wa.transport.FrameServer;
import java.net.URI;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A fake WhatsApp multi-device server on {@code ws://127.0.0.1:PORT/ws/chat} with one fake account and its
 * {@link FakePhone}.
 *
 * <p>The Noise certificate chain is signed by this instance's own TEST root key: configure the client to trust
 * {@link #rootPublicKey()} with issuer serial {@link #rootSerial()} (or use {@link #certificateVerifier()}).
 * Per connection: Noise responder handshake; a registration payload gets {@code pair-device} with 6 refs and
 * waits for the phone; a login payload is accepted only for a linked device presenting the noise key recorded at
 * pairing ({@code <success>}), else {@code <failure reason="401"/>} (402/403 when banned). After login every
 * IQ is answered; once the client sets itself active it gets an offline burst it must ack in time (see
 * {@link FakeWhatsAppOptions}), and a ClientPayload below {@link #minimumVersion()} gets
 * {@code <failure reason="405"/>}.
 *
 * <pre>{@code
 * try (FakeWhatsApp fake = FakeWhatsApp.start()) {
 *     client.connect(fake.wsUrl(), fake.rootPublicKey());     // shows a QR
 *     LinkedDevice d = fake.phone().scanQr(qr).get(10, SECONDS); // pair-success, 515
 *     fake.recordings().awaitUntil(r -> r.loginCount() == 1, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class FakeWhatsApp implements AutoCloseable {
    /** Where the server binds: loopback only. */
    public static final String HOST = "127.0.0.1";

    private final ServerContext ctx;
    private final KeyPair root;
    private final FrameServer server;
    private final FakePhone phone;
    /** Connections still to refuse (see {@link #refuseNextConnections}). */
    private final java.util.concurrent.atomic.AtomicInteger toRefuse = new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    private FakeWhatsApp(FakeWhatsAppOptions options) {
        this.root = options.rootKey().orElseGet(KeyPair::generate);
        KeyPair serverStatic = KeyPair.generate();
        byte[] chain = CertificateIssuer.builder(root).build().issue(serverStatic.publicKey());
        this.ctx = new ServerContext(options, serverStatic, chain);
        this.phone = new FakePhone(ctx);
        this.server = FrameServer.start(HOST, options.port(), connection -> {
            if (toRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                refused.incrementAndGet();
                connection.abort();
                return new io.zapgate.wa.transport.FrameListener() {
                    @Override
                    public void onFrame(byte[] payload) {}

                    @Override
                    public void onClose(io.zapgate.wa.transport.CloseReason reason) {}
                };
            }
            return new FakeConnection(ctx, connection);
        });
    }

    /**
     * Drops each of the next {@code n} connections right after the WebSocket upgrade, before the Noise
     * handshake (as an overloaded or unreachable server would); later connections are served as usual.
     */
    public void refuseNextConnections(int n) {
        toRefuse.set(Math.max(0, n));
    }

    /** How many connections were refused so far. */
    public int refusedConnections() {
        return refused.get();
    }

    /** Starts with {@link FakeWhatsAppOptions#defaults()} (ephemeral port, phone 15551234567). */
    public static FakeWhatsApp start() {
        return start(FakeWhatsAppOptions.defaults());
    }

    /** Starts with the given options; blocks until the port is bound. */
    public static FakeWhatsApp start(FakeWhatsAppOptions options) {
        return new FakeWhatsApp(options);
    }

    /**
     * Starts with the given options and an account kept in {@code devicesFile}: the phone identity and the linked
     * devices of an earlier run are taken back (so their saved sessions log in again, no QR), and every change is
     * saved there. A missing file starts an account with no devices. The offline local stack uses this.
     *
     * @throws IllegalStateException if the file exists and cannot be read back (it names the file to delete)
     */
    public static FakeWhatsApp startPersistent(FakeWhatsAppOptions options, java.nio.file.Path devicesFile) {
        DevicesFile file = new DevicesFile(devicesFile);
        Optional<DevicesFile.Saved> saved = file.read();
        KeyPair identity = saved.map(DevicesFile.Saved::phoneIdentity)
                .or(options::phoneIdentity)
                .orElseGet(KeyPair::generate);
        FakeWhatsApp fake = start(options.withPhoneIdentity(identity));
        DeviceRegistry registry = fake.ctx.registry;
        saved.ifPresent(s -> registry.restore(s.registry()));
        registry.onChange(() -> {
            try {
                file.write(identity, registry.snapshot());
            } catch (java.io.UncheckedIOException e) {
                // the fake keeps serving; only a restart would forget the change
                System.err.println("fake WhatsApp: " + e.getMessage() + ": " + e.getCause());
            }
        });
        file.write(identity, registry.snapshot());
        return fake;
    }

    /** {@code ws://127.0.0.1:PORT/ws/chat}. */
    public URI wsUrl() {
        return server.uri();
    }

    /** The bound WebSocket port. */
    public int port() {
        return server.port();
    }

    /** The TEST root public key (32 bytes) that signs the intermediate certificate. */
    public byte[] rootPublicKey() {
        return root.publicKey();
    }

    /** {@link #rootPublicKey()} as lower-case hex. */
    public String rootPublicKeyHex() {
        return HexFormat.of().formatHex(root.publicKey());
    }

    /** The issuer serial the intermediate names (0, as for WhatsApp's real root). */
    public int rootSerial() {
        return NoiseConstants.WHATSAPP_ROOT_SERIAL;
    }

    /** A strict (whatsmeow-like) verifier trusting this fake's root, on the system clock. */
    public CertificateVerifier certificateVerifier() {
        return CertificateVerifier.trusting(root.publicKey(), rootSerial(), Clock.systemUTC());
    }

    /** The server's Noise static public key (the leaf certificate's key). */
    public byte[] serverStaticPublicKey() {
        return ctx.serverStatic.publicKey();
    }

    /** The account's phone. */
    public FakePhone phone() {
        return phone;
    }

    /** What clients sent. */
    public Recordings recordings() {
        return ctx.recordings;
    }

    /** The options this server runs with. */
    public FakeWhatsAppOptions options() {
        return ctx.options;
    }

    /** Client versions below this get {@code <failure reason="405"/>} ({@link ServedVersion#ZERO}: none). */
    public ServedVersion minimumVersion() {
        return ctx.versions.minimum();
    }

    /** The version served as {@code client_revision} ({@link ControlServer}: {@code /web/}, {@code /web/sw.js}). */
    public ServedVersion currentVersion() {
        return ctx.versions.current();
    }

    /**
     * Changes the minimum and/or current version from now on (live connections are not affected; the next
     * handshake is). The current version is raised to the minimum if below.
     *
     * @param minimum the new minimum, or null to keep it
     * @param current the new current version, or null to keep it
     */
    public void setVersions(ServedVersion minimum, ServedVersion current) {
        ctx.versions.set(minimum, current);
    }

    /**
     * Shorthand for {@link FakePhone#push(Jid, PushKind)} naming the device by its id.
     *
     * @return the pushed stanza
     * @throws IllegalStateException if the device is not linked
     */
    public Node push(int deviceId, PushKind kind) {
        return phone.push(ctx.deviceJid(deviceId), kind);
    }

    /** Whether the device has a logged-in connection that set itself active (pushes reach it at once). */
    public boolean isActive(int deviceId) {
        return ctx.connectionOf(deviceId)
                .flatMap(FakeConnection::delivery)
                .map(ConnectionDelivery::isActive)
                .orElse(false);
    }

    /** Stanzas waiting for each device's next login (device id → count; un-acked ones and offline pushes). */
    public Map<Integer, Integer> offlineQueueSizes() {
        return ctx.offline.sizes();
    }

    /** Stops the server and closes every connection (no stream end). */
    @Override
    public void close() {
        server.close();
        ctx.shutdown();
    }

    @Override
    public String toString() {
        return "FakeWhatsApp[" + wsUrl() + ", phone=" + ctx.options.phoneNumber() + "]";
    }
}
