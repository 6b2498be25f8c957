package io.zapgate.wa.fake;

import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.binary.BinaryParseException;
import io.zapgate.wa.binary.FramePayload;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.noise.FrameDecryptionException;
import io.zapgate.wa.noise.NoiseHandshakeException;
import io.zapgate.wa.noise.NoiseSession;
import io.zapgate.wa.noise.ServerHandshake;
import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.transport.CloseReason;
import io.zapgate.wa.transport.FrameListener;
import io.zapgate.wa.transport.ServerConnection;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: Noise responder handshake, then decrypt → decode → {@link StanzaHandler}. Frames and
 * phone actions run one at a time on a per-connection virtual thread (transport callbacks must not block, and
 * PBKDF2 and signatures are slow); encryption and sending are serialized so frames leave in nonce order.
 */
final class FakeConnection implements FrameListener {
    private static final System.Logger LOG = System.getLogger(FakeConnection.class.getName());

    private final ServerContext ctx;
    private final ServerConnection wire;
    private final ServerHandshake handshake;
    private final ExecutorService executor;
    private final Object sendLock = new Object();
    private volatile NoiseSession session;
    private volatile boolean closing;
    private boolean helloSeen;
    private StanzaHandler handler;
    private volatile ConnectionDelivery delivery;
    /** The device this socket logged in as (-1: none, or its end was already counted). */
    private final AtomicInteger loggedInDevice = new AtomicInteger(-1);

    FakeConnection(ServerContext ctx, ServerConnection wire) {
        this.ctx = ctx;
        this.wire = wire;
        this.handshake = ServerHandshake.create(ctx.serverStatic, ctx.certificateChain);
        this.executor = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("fake-wa-conn-" + ctx.nextId()).factory());
        ctx.opened(this);
    }

    @Override
    public void onFrame(byte[] payload) {
        submit(() -> handleFrame(payload));
    }

    @Override
    public void onClose(CloseReason reason) {
        closing = true;
        socketEnded();
        submit(() -> {
            if (handler != null) {
                handler.onClosed(); // first: un-acked stanzas are queued again before the close is recorded
            }
            ctx.closed(this);
        });
        executor.shutdown();
    }

    /** Counts the end of a logged-in socket once, as soon as the transport reports it. */
    private void socketEnded() {
        int device = loggedInDevice.getAndSet(-1);
        if (device >= 0) {
            ctx.recordings.deviceSocketClosed(device);
        }
    }

    /** Runs {@code task} on this connection's executor; the future fails if the connection is gone. */
    CompletableFuture<Void> submit(Runnable task) {
        try {
            return CompletableFuture.runAsync(task, executor).exceptionally(e -> {
                LOG.log(Level.WARNING, "fake server task failed on " + wire, e);
                return null;
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new FakePairingException("connection is closed", e));
        }
    }

    /** Whether the handshake is done and the connection still open. */
    boolean established() {
        return session != null && !closing && wire.isOpen();
    }

    /** Whether the connection is ending (an error was sent, it was dropped, or the peer closed). */
    boolean isClosing() {
        return closing || !wire.isOpen();
    }

    /** Pushes and acks of this connection once logged in. */
    Optional<ConnectionDelivery> delivery() {
        return Optional.ofNullable(delivery);
    }

    /** Encrypts and sends one stanza. */
    CompletableFuture<Void> send(Node node) {
        synchronized (sendLock) {
            byte[] ciphertext = session.encrypt(FramePayload.encode(node));
            return wire.sendFrame(ciphertext);
        }
    }

    /** Sends a {@code <failure>} / {@code <stream:error>}, records it, then closes the connection. */
    CompletableFuture<Void> sendErrorAndClose(Node error) {
        ctx.recordings.errorSent(error);
        closing = true;
        return send(error).handle((v, e) -> null).thenCompose(v -> wire.close()).thenApply(r -> null);
    }

    /** Drops the TCP connection without a WebSocket close frame, stream end or error (the client sees 1006). */
    CompletableFuture<CloseReason> drop() {
        closing = true;
        return wire.abort();
    }

    private void handleFrame(byte[] payload) {
        if (closing) {
            return;
        }
        try {
            if (session == null) {
                handshakeStep(payload);
                return;
            }
            Node node = FramePayload.decode(session.decrypt(payload));
            ctx.recordings.nodeReceived(node);
            if (handler != null) {
                handler.onNode(node);
            }
        } catch (NoiseHandshakeException
                | InvalidProtocolBufferException
                | FrameDecryptionException
                | BinaryParseException e) {
            LOG.log(Level.INFO, "closing " + wire + ": " + e.getMessage());
            closing = true;
            wire.close(1002, "protocol error");
        }
    }

    private void handshakeStep(byte[] payload) throws NoiseHandshakeException, InvalidProtocolBufferException {
        if (!helloSeen) {
            helloSeen = true;
            wire.sendFrame(handshake.onClientHello(payload));
            return;
        }
        handshake.onClientFinish(payload);
        ClientPayload clientPayload = ClientPayload.parseFrom(handshake.clientPayload());
        session = handshake.finish();
        ctx.recordings.clientPayload(clientPayload);
        if (ctx.versions.refuses(clientPayload)) {
            sendErrorAndClose(Stanzas.failure(405)); // whatsmeow ConnectFailureClientOutdated
            return;
        }
        if (!clientPayload.hasUsername()) {
            PairingSession pairing = new PairingSession(ctx, this, handshake.clientStaticPublicKey(), clientPayload);
            handler = pairing;
            pairing.start();
        } else {
            login(clientPayload);
        }
    }

    private void login(ClientPayload payload) {
        var decision =
                ctx.registry.decideLogin(payload.getUsername(), payload.getDevice(), handshake.clientStaticPublicKey());
        switch (decision) {
            case DeviceRegistry.LoginDecision.Accept accept -> {
                LinkedDevice device = accept.device();
                delivery = new ConnectionDelivery(ctx, this, device.device());
                handler = new IqResponder(ctx, this, device, delivery);
                ctx.recordings.deviceLoggedIn(device.device()); // counted first, then made closable
                loggedInDevice.set(device.device());
                if (!wire.isOpen()) {
                    socketEnded(); // the socket ended while the login was decided: never count it as open
                }
                // Registered before <success> goes out, so a phone action right after the client saw it finds us.
                ctx.loggedIn(device.device(), this)
                        .ifPresent(old -> old.submit(() -> old.sendErrorAndClose(Stanzas.replaced())));
                // counted before <success> goes out: a test that saw the login may read the count at once
                ctx.recordings.loginAccepted();
                send(Stanzas.success(ctx.nowSeconds(), device.lid()));
            }
            case DeviceRegistry.LoginDecision.Reject reject ->
                sendErrorAndClose(failureFor(reject.reason(), reject.ban()));
        }
    }

    /** The {@code <failure>} for a rejected login or a ban on a live connection (spec §7.2). */
    Node failureFor(int reason, Ban ban) {
        if (reason == 402) {
            return Stanzas.tempBanFailure(
                    ban.code(), ban.secondsLeft(ctx.options.clock().instant()));
        }
        return reason == 403 ? Stanzas.permanentBanFailure() : Stanzas.failure(reason);
    }

    @Override
    public String toString() {
        return "FakeConnection[" + wire + "]";
    }
}
