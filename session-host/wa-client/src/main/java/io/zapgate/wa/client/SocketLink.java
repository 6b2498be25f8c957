package io.zapgate.wa.client;

import io.zapgate.wa.binary.BinaryParseException;
import io.zapgate.wa.binary.FramePayload;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.ConnectAttemptFailed.Cause;
import io.zapgate.wa.noise.CertificateVerificationException;
import io.zapgate.wa.noise.ClientHandshake;
import io.zapgate.wa.noise.FrameDecryptionException;
import io.zapgate.wa.noise.NoiseHandshakeException;
import io.zapgate.wa.noise.NoiseSession;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.transport.CloseReason;
import io.zapgate.wa.transport.FrameListener;
import io.zapgate.wa.transport.FrameSocket;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The frame pump of one connection: opens the {@link FrameSocket}, runs the Noise handshake with the
 * registration or login payload, then decrypts each frame, decodes it ({@link FramePayload}) and hands the
 * node to the {@link NodeRouter}; outgoing nodes are encoded and encrypted in send order. Netty only delivers
 * frames; decryption, decoding and handling happen on the client's inbound queue (a virtual thread).
 */
final class SocketLink implements Link, FrameListener {
    private static final System.Logger LOG = System.getLogger(SocketLink.class.getName());

    private final ClientCore core;
    private final ClientHandshake handshake;
    private final Consumer<Link> onHandshakeDone;
    private final CompletableFuture<Link> ready = new CompletableFuture<>();
    private volatile FrameSocket socket;
    private volatile NoiseSession noise;
    private volatile boolean expectedClose;
    private TaskScheduler.Cancellable handshakeTimer;

    private SocketLink(ClientCore core, ClientHandshake handshake, Consumer<Link> onHandshakeDone) {
        this.core = core;
        this.handshake = handshake;
        this.onHandshakeDone = onHandshakeDone;
    }

    /** The production {@link LinkFactory}. */
    static CompletableFuture<Link> open(ClientCore core, Device device, Consumer<Link> onHandshakeDone) {
        WaClientOptions options = core.options;
        byte[] payload = ClientPayloads.forConnect(options, device).toByteArray();
        SocketLink link = new SocketLink(
                core,
                ClientHandshake.create(device.noiseKey(), payload, options.certificateValidator()),
                onHandshakeDone);
        FrameSocket.connect(options.url(), options.proxy(), link, options.socketOptions())
                .whenComplete((socket, error) -> {
                    if (error != null) {
                        link.fail(Cause.TRANSPORT, String.valueOf(error.getMessage()), error);
                    } else {
                        core.inbound.execute(() -> link.start(socket));
                    }
                });
        return link.ready;
    }

    private void start(FrameSocket opened) {
        socket = opened;
        handshakeTimer = core.scheduler()
                .schedule(
                        core.options.handshakeTimeout(),
                        () -> core.inbound.execute(() -> fail(Cause.TIMEOUT, "no server hello in time", null)));
        opened.sendFrame(handshake.start());
    }

    @Override
    public void onFrame(byte[] payload) {
        core.inbound.execute(() -> handleFrame(payload));
    }

    @Override
    public void onClose(CloseReason reason) {
        core.inbound.execute(() -> {
            if (!ready.isDone()) {
                fail(Cause.HANDSHAKE, "connection closed during the handshake (" + reason.statusCode() + ")", null);
            } else if (ready.isCompletedExceptionally()) {
                return;
            } else {
                LOG.log(Level.DEBUG, "connection closed: {0} {1}", reason.initiator(), reason.statusCode());
                core.lifecycle.onClosed(this, expectedClose);
            }
        });
    }

    private void handleFrame(byte[] payload) {
        if (ready.isDone() && noise == null) {
            return;
        }
        if (noise == null) {
            handleServerHello(payload);
            return;
        }
        Node node;
        try {
            node = FramePayload.decode(noise.decrypt(payload));
        } catch (FrameDecryptionException | BinaryParseException e) {
            LOG.log(Level.WARNING, "dropping undecodable frame: " + e.getMessage());
            return;
        }
        core.router.dispatch(this, node);
    }

    private void handleServerHello(byte[] payload) {
        byte[] finish;
        try {
            finish = handshake.onServerHello(payload);
        } catch (CertificateVerificationException e) {
            fail(Cause.CERTIFICATE, e.getMessage(), e);
            return;
        } catch (NoiseHandshakeException | RuntimeException e) {
            fail(Cause.HANDSHAKE, e.getMessage(), e);
            return;
        }
        cancelTimer();
        synchronized (this) {
            socket.sendFrame(finish);
            noise = handshake.finish();
        }
        // before the next frame (the <success>) is handled: the link must be current when its login is
        try {
            onHandshakeDone.accept(this);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "setting up the new connection failed", e);
        }
        ready.complete(this);
    }

    private void fail(Cause cause, String message, Throwable error) {
        cancelTimer();
        expectedClose = true;
        if (ready.completeExceptionally(new WaConnectException(cause, message, error)) && socket != null) {
            socket.close();
        }
    }

    private void cancelTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
    }

    @Override
    public synchronized CompletableFuture<Void> send(Node node) {
        if (noise == null || socket == null || !socket.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("connection is closed"));
        }
        LOG.log(Level.TRACE, "-> {0}", node);
        return socket.sendFrame(noise.encrypt(FramePayload.encode(node)));
    }

    @Override
    public void close(boolean expected) {
        if (expected) {
            expectedClose = true;
        }
        FrameSocket current = socket;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public boolean isOpen() {
        FrameSocket current = socket;
        return noise != null && current != null && current.isOpen();
    }
}
