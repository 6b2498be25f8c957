package io.zapgate.wa.fake;

import io.zapgate.wa.binary.FramePayload;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.noise.ClientHandshake;
import io.zapgate.wa.noise.NoiseSession;
import io.zapgate.wa.proto.ClientPayload;
import io.zapgate.wa.transport.CloseReason;
import io.zapgate.wa.transport.FrameListener;
import io.zapgate.wa.transport.FrameSocket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal scripted WhatsApp client for tests, built from the lower layers only: FrameSocket, the Noise
 * initiator (verifying the fake's TEST root), and the node codec. Frames are queued and read on the test thread.
 */
final class ScriptedClient implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 20;

    private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private FrameSocket socket;
    private NoiseSession session;

    private ScriptedClient() {}

    /** Connects and runs the Noise handshake with {@code payload}; returns once the session is up. */
    static ScriptedClient connect(FakeWhatsApp fake, KeyPair noiseKey, ClientPayload payload) throws Exception {
        ScriptedClient client = new ScriptedClient();
        client.socket = FrameSocket.connect(fake.wsUrl(), Optional.empty(), client.listener())
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ClientHandshake handshake = ClientHandshake.create(noiseKey, payload.toByteArray(), fake.certificateVerifier());
        client.socket.sendFrame(handshake.start()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        byte[] finish = handshake.onServerHello(client.nextFrame());
        client.socket.sendFrame(finish).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.session = handshake.finish();
        return client;
    }

    private FrameListener listener() {
        return new FrameListener() {
            @Override
            public void onFrame(byte[] payload) {
                frames.add(payload);
            }

            @Override
            public void onClose(CloseReason reason) {
                closed.complete(reason);
            }
        };
    }

    private byte[] nextFrame() throws InterruptedException {
        byte[] frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame from the fake server within " + TIMEOUT_SECONDS + " s");
        }
        return frame;
    }

    /** The next stanza from the server. */
    Node next() throws Exception {
        return FramePayload.decode(session.decrypt(nextFrame()));
    }

    /** The next stanza with the given tag, skipping others. */
    Node next(String tag) throws Exception {
        Node node = next();
        while (!node.tag().equals(tag)) {
            node = next();
        }
        return node;
    }

    void send(Node node) throws Exception {
        socket.sendFrame(session.encrypt(FramePayload.encode(node))).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends an IQ and returns the server's answer with the same id. */
    Node query(Node iq) throws Exception {
        send(iq);
        String id = iq.attr("id").orElseThrow();
        Node reply = next("iq");
        while (!reply.attr("id").orElse("").equals(id)) {
            reply = next("iq");
        }
        return reply;
    }

    CloseReason awaitClose() throws Exception {
        return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() {
        socket.close();
    }
}
