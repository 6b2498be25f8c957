package io.zapgate.wa.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.proto.HandshakeMessage;
import java.util.Objects;

/**
 * Initiator side of WhatsApp's Noise XX handshake (whatsmeow {@code handshake.go} {@code doHandshake}; spec
 * §1.4): {@link #start()} → ClientHello frame; {@link #onServerHello(byte[])} → ClientFinish frame;
 * {@link #finish()} → {@link NoiseSession} (write = k1, read = k2).
 *
 * <p>Frames are protobuf {@code HandshakeMessage} bytes without the 3-byte length prefix; the transport also
 * sends {@link NoiseConstants#connectionHeader()} once before the first frame. Single use; methods must be
 * called in order, otherwise {@link IllegalStateException}. Any failure makes the instance unusable.
 * Synchronized, but meant for one connection thread.
 */
public final class ClientHandshake {
    private enum Stage {
        NEW,
        HELLO_SENT,
        FINISH_READY,
        DONE,
        FAILED
    }

    private final KeyPair noiseKey;
    private final KeyPair ephemeral;
    private final byte[] clientPayload;
    private final ServerCertificateValidator certificateValidator;
    private final SymmetricState state = new SymmetricState();
    private Stage stage = Stage.NEW;
    private byte[] serverStatic;
    private NoiseSession session;

    private ClientHandshake(
            KeyPair noiseKey,
            KeyPair ephemeral,
            byte[] clientPayload,
            ServerCertificateValidator certificateValidator) {
        this.noiseKey = Objects.requireNonNull(noiseKey, "noiseKey");
        this.ephemeral = Objects.requireNonNull(ephemeral, "ephemeral");
        this.clientPayload =
                Objects.requireNonNull(clientPayload, "clientPayload").clone();
        this.certificateValidator = Objects.requireNonNull(certificateValidator, "certificateValidator");
    }

    /**
     * A handshake with a fresh ephemeral key.
     *
     * @param noiseKey the persisted noise static key {@code s_c}
     * @param clientPayload serialized {@code ClientPayload} (spec §2) to send encrypted in ClientFinish
     * @param certificateValidator normally {@link CertificateVerifier#whatsApp()} or a test-root verifier
     */
    public static ClientHandshake create(
            KeyPair noiseKey, byte[] clientPayload, ServerCertificateValidator certificateValidator) {
        return new ClientHandshake(noiseKey, KeyPair.generate(), clientPayload, certificateValidator);
    }

    /** As {@link #create(KeyPair, byte[], ServerCertificateValidator)} with a given ephemeral (test vectors). */
    public static ClientHandshake create(
            KeyPair noiseKey,
            KeyPair ephemeral,
            byte[] clientPayload,
            ServerCertificateValidator certificateValidator) {
        return new ClientHandshake(noiseKey, ephemeral, clientPayload, certificateValidator);
    }

    /** MixHash(intro), MixHash(e_c.pub); returns the ClientHello frame (no empty-payload MixHash, spec §1.4). */
    public synchronized byte[] start() {
        requireStage(Stage.NEW);
        state.mixHash(NoiseConstants.connectionHeader());
        byte[] ephemeralPublic = ephemeral.publicKey();
        state.mixHash(ephemeralPublic);
        stage = Stage.HELLO_SENT;
        return HandshakeMessage.newBuilder()
                .setClientHello(
                        HandshakeMessage.ClientHello.newBuilder().setEphemeral(ByteString.copyFrom(ephemeralPublic)))
                .build()
                .toByteArray();
    }

    /**
     * Processes ServerHello (ee, decrypt s_s, es, decrypt + validate the certificate chain), then builds
     * ClientFinish (encrypt s_c, se, encrypt the ClientPayload).
     *
     * @return the ClientFinish frame
     * @throws NoiseHandshakeException naming the failed step; the handshake is then dead
     */
    public synchronized byte[] onServerHello(byte[] frame) throws NoiseHandshakeException {
        requireStage(Stage.HELLO_SENT);
        stage = Stage.FAILED;
        HandshakeMessage.ServerHello hello = parseServerHello(frame);
        byte[] serverEphemeral = hello.getEphemeral().toByteArray();
        state.mixHash(serverEphemeral);
        state.mixSharedSecret(ephemeral, serverEphemeral, "failed to mix server ephemeral key in");
        byte[] staticKey =
                state.decryptAndHash(hello.getStatic().toByteArray(), "failed to decrypt server static ciphertext");
        if (staticKey.length != 32) { // whatsmeow handshake.go: "expected 32"
            throw new MalformedHandshakeMessageException(
                    "unexpected length of server static plaintext " + staticKey.length + " (expected 32)");
        }
        state.mixSharedSecret(ephemeral, staticKey, "failed to mix server static key in");
        byte[] certificate = state.decryptAndHash(
                hello.getPayload().toByteArray(), "failed to decrypt noise certificate ciphertext");
        certificateValidator.validate(certificate, staticKey);
        serverStatic = staticKey;
        byte[] encryptedStatic = state.encryptAndHash(noiseKey.publicKey());
        state.mixSharedSecret(noiseKey, serverEphemeral, "failed to mix noise private key in");
        byte[] encryptedPayload = state.encryptAndHash(clientPayload);
        byte[][] keys = state.split();
        session = NoiseSession.adopt(keys[0], keys[1]);
        stage = Stage.FINISH_READY;
        return HandshakeMessage.newBuilder()
                .setClientFinish(HandshakeMessage.ClientFinish.newBuilder()
                        .setStatic(ByteString.copyFrom(encryptedStatic))
                        .setPayload(ByteString.copyFrom(encryptedPayload)))
                .build()
                .toByteArray();
    }

    /** The transport session; call once, after the ClientFinish frame has been handed to the transport. */
    public synchronized NoiseSession finish() {
        requireStage(Stage.FINISH_READY);
        stage = Stage.DONE;
        NoiseSession result = session;
        session = null;
        return result;
    }

    /** The server static key proved (and certified) in ServerHello; available after {@link #onServerHello}. */
    public synchronized byte[] serverStaticPublicKey() {
        if (serverStatic == null) {
            throw new IllegalStateException("server static key not known yet");
        }
        return serverStatic.clone();
    }

    private static HandshakeMessage.ServerHello parseServerHello(byte[] frame)
            throws MalformedHandshakeMessageException {
        Objects.requireNonNull(frame, "frame");
        HandshakeMessage message;
        try {
            message = HandshakeMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedHandshakeMessageException("failed to unmarshal handshake response", e);
        }
        HandshakeMessage.ServerHello hello = message.getServerHello();
        // whatsmeow handshake.go doHandshake: ephemeral must be 32 bytes, static and payload present.
        if (hello.getEphemeral().size() != 32 || !hello.hasStatic() || !hello.hasPayload()) {
            throw new MalformedHandshakeMessageException("missing parts of handshake response");
        }
        return hello;
    }

    private void requireStage(Stage expected) {
        if (stage != expected) {
            throw new IllegalStateException("client handshake is " + stage + ", expected " + expected);
        }
    }

    @Override
    public synchronized String toString() {
        return "ClientHandshake[stage=" + stage + ", keys=<redacted>]";
    }
}
