package io.zapgate.wa.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.proto.HandshakeMessage;
import java.util.Objects;

/**
 * Responder side of WhatsApp's Noise XX handshake, for our fake WhatsApp server. Mirrors the client steps of
 * spec §1.4: {@link #onClientHello(byte[])} → ServerHello frame (e_s, encrypted s_s, encrypted certificate
 * chain); {@link #onClientFinish(byte[])} reads the client's static key and ClientPayload;
 * {@link #finish()} → {@link NoiseSession} (write = k2, read = k1).
 *
 * <p>The client's intro bytes are the transport's business; this class always mixes {@code WA 06 03} (the
 * hash covers only those 4 bytes even with Baileys' edge-routing intro, spec §1.2). Single use; methods in
 * order, else {@link IllegalStateException}; any failure makes the instance unusable.
 */
public final class ServerHandshake {
    private enum Stage {
        NEW,
        HELLO_SENT,
        FINISH_READ,
        DONE,
        FAILED
    }

    private final KeyPair staticKey;
    private final KeyPair ephemeral;
    private final byte[] certificateChain;
    private final SymmetricState state = new SymmetricState();
    private Stage stage = Stage.NEW;
    private byte[] clientEphemeral;
    private byte[] clientStatic;
    private byte[] clientPayload;
    private NoiseSession session;

    private ServerHandshake(KeyPair staticKey, KeyPair ephemeral, byte[] certificateChain) {
        this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
        this.ephemeral = Objects.requireNonNull(ephemeral, "ephemeral");
        this.certificateChain =
                Objects.requireNonNull(certificateChain, "certificateChain").clone();
    }

    /**
     * @param staticKey the server static key {@code s_s} (the leaf certificate's key)
     * @param certificateChain serialized {@code CertChain}, e.g. from {@link CertificateIssuer#issue(byte[])}
     */
    public static ServerHandshake create(KeyPair staticKey, byte[] certificateChain) {
        return new ServerHandshake(staticKey, KeyPair.generate(), certificateChain);
    }

    /** With a given server ephemeral key (test vectors). */
    public static ServerHandshake create(KeyPair staticKey, KeyPair ephemeral, byte[] certificateChain) {
        return new ServerHandshake(staticKey, ephemeral, certificateChain);
    }

    /**
     * Reads ClientHello and answers with ServerHello: MixHash(e_s), ee, EncryptAndHash(s_s), es,
     * EncryptAndHash(certificate chain).
     */
    public synchronized byte[] onClientHello(byte[] frame) throws NoiseHandshakeException {
        requireStage(Stage.NEW);
        stage = Stage.FAILED;
        HandshakeMessage message = parse(frame, "failed to unmarshal client hello");
        byte[] peerEphemeral = message.getClientHello().getEphemeral().toByteArray();
        if (peerEphemeral.length != 32) {
            throw new MalformedHandshakeMessageException("missing or malformed client hello ephemeral key");
        }
        clientEphemeral = peerEphemeral;
        state.mixHash(NoiseConstants.connectionHeader());
        state.mixHash(peerEphemeral);
        byte[] ephemeralPublic = ephemeral.publicKey();
        state.mixHash(ephemeralPublic);
        state.mixSharedSecret(ephemeral, peerEphemeral, "failed to mix client ephemeral key in (ee)");
        byte[] encryptedStatic = state.encryptAndHash(staticKey.publicKey());
        state.mixSharedSecret(staticKey, peerEphemeral, "failed to mix server static key in (es)");
        byte[] encryptedCertificate = state.encryptAndHash(certificateChain);
        stage = Stage.HELLO_SENT;
        return HandshakeMessage.newBuilder()
                .setServerHello(HandshakeMessage.ServerHello.newBuilder()
                        .setEphemeral(ByteString.copyFrom(ephemeralPublic))
                        .setStatic(ByteString.copyFrom(encryptedStatic))
                        .setPayload(ByteString.copyFrom(encryptedCertificate)))
                .build()
                .toByteArray();
    }

    /** Reads ClientFinish: DecryptAndHash(s_c), se, DecryptAndHash(ClientPayload), then splits. */
    public synchronized void onClientFinish(byte[] frame) throws NoiseHandshakeException {
        requireStage(Stage.HELLO_SENT);
        stage = Stage.FAILED;
        HandshakeMessage.ClientFinish finish =
                parse(frame, "failed to unmarshal client finish").getClientFinish();
        if (!finish.hasStatic() || !finish.hasPayload()) {
            throw new MalformedHandshakeMessageException("missing parts of client finish");
        }
        byte[] peerStatic =
                state.decryptAndHash(finish.getStatic().toByteArray(), "failed to decrypt client static ciphertext");
        if (peerStatic.length != 32) {
            throw new MalformedHandshakeMessageException(
                    "unexpected length of client static plaintext " + peerStatic.length + " (expected 32)");
        }
        state.mixSharedSecret(ephemeral, peerStatic, "failed to mix client static key in (se)");
        clientPayload =
                state.decryptAndHash(finish.getPayload().toByteArray(), "failed to decrypt client payload ciphertext");
        clientStatic = peerStatic;
        byte[][] keys = state.split();
        session = NoiseSession.adopt(keys[1], keys[0]);
        stage = Stage.FINISH_READ;
    }

    /** The client's noise static public key {@code s_c}; compare it with the registered device's noise key. */
    public synchronized byte[] clientStaticPublicKey() {
        requireFinishRead();
        return clientStatic.clone();
    }

    /** The decrypted ClientPayload bytes (parse with {@code io.zapgate.wa.proto.ClientPayload}). */
    public synchronized byte[] clientPayload() {
        requireFinishRead();
        return clientPayload.clone();
    }

    /** The client's ephemeral key from ClientHello, once read. */
    public synchronized byte[] clientEphemeralPublicKey() {
        if (clientEphemeral == null) {
            throw new IllegalStateException("client hello not read yet");
        }
        return clientEphemeral.clone();
    }

    /** The transport session; call once after {@link #onClientFinish(byte[])}. */
    public synchronized NoiseSession finish() {
        requireStage(Stage.FINISH_READ);
        stage = Stage.DONE;
        NoiseSession result = session;
        session = null;
        return result;
    }

    private void requireFinishRead() {
        if (clientStatic == null) {
            throw new IllegalStateException("client finish not read yet");
        }
    }

    private static HandshakeMessage parse(byte[] frame, String step) throws MalformedHandshakeMessageException {
        Objects.requireNonNull(frame, "frame");
        try {
            return HandshakeMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedHandshakeMessageException(step, e);
        }
    }

    private void requireStage(Stage expected) {
        if (stage != expected) {
            throw new IllegalStateException("server handshake is " + stage + ", expected " + expected);
        }
    }

    @Override
    public synchronized String toString() {
        return "ServerHandshake[stage=" + stage + ", keys=<redacted>]";
    }
}
