package io.zapgate.wa.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.proto.HandshakeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Client and server with real random keys and a test-root certificate chain, then transport both ways. */
class HandshakeRoundTripTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-09-01T00:00:00Z"), ZoneOffset.UTC);
    private final KeyPair root = KeyPair.generate();
    private final KeyPair serverStatic = KeyPair.generate();
    private final KeyPair clientNoise = KeyPair.generate();
    private final CertificateIssuer issuer = CertificateIssuer.builder(root)
            .validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"))
            .build();
    private final byte[] payload = "client payload bytes".getBytes();

    private ClientHandshake client() {
        return ClientHandshake.create(clientNoise, payload, issuer.verifier(CLOCK));
    }

    private ServerHandshake server() {
        return ServerHandshake.create(serverStatic, issuer.issue(serverStatic.publicKey()));
    }

    @Test
    void fullHandshakeThenTransportBothWays() throws Exception {
        ClientHandshake client = client();
        ServerHandshake server = server();
        byte[] hello = server.onClientHello(client.start());
        server.onClientFinish(client.onServerHello(hello));
        assertThat(server.clientStaticPublicKey()).isEqualTo(clientNoise.publicKey());
        assertThat(server.clientPayload()).isEqualTo(payload);
        assertThat(client.serverStaticPublicKey()).isEqualTo(serverStatic.publicKey());

        NoiseSession c = client.finish();
        NoiseSession s = server.finish();
        for (int i = 0; i < 5; i++) {
            byte[] up = ("up " + i).getBytes();
            byte[] down = ("down " + i).getBytes();
            byte[] upCt = c.encrypt(up);
            assertThat(upCt).hasSize(up.length + 16);
            assertThat(s.decrypt(upCt)).isEqualTo(up);
            assertThat(c.decrypt(s.encrypt(down))).isEqualTo(down);
        }
        assertThat(c.framesWritten()).isEqualTo(5);
        assertThat(s.framesRead()).isEqualTo(5);
        assertThat(c.toString()).contains("redacted");
    }

    @Test
    void tamperedTransportFrameIsRefusedAndItsCounterConsumed() throws Exception {
        NoiseSession[] sessions = handshake();
        byte[] first = sessions[0].encrypt("one".getBytes());
        byte[] second = sessions[0].encrypt("two".getBytes());
        first[2] ^= 0x40;
        assertThatThrownBy(() -> sessions[1].decrypt(first))
                .isInstanceOf(FrameDecryptionException.class)
                .hasMessageContaining("frame #0");
        assertThat(sessions[1].decrypt(second)).isEqualTo("two".getBytes());
        assertThatThrownBy(() -> sessions[1].decrypt(second)).as("replay").isInstanceOf(FrameDecryptionException.class);
    }

    @Test
    void tamperedServerHelloIsRefused() {
        ClientHandshake client = client();
        ServerHandshake server = server();
        byte[] hello = assertDoesNotThrow(() -> server.onClientHello(client.start()));
        HandshakeMessage.ServerHello parsed = parse(hello).getServerHello();
        byte[] badStatic = parsed.getStatic().toByteArray();
        badStatic[0] ^= 1;
        byte[] tampered = HandshakeMessage.newBuilder()
                .setServerHello(parsed.toBuilder().setStatic(ByteString.copyFrom(badStatic)))
                .build()
                .toByteArray();
        assertThatThrownBy(() -> client.onServerHello(tampered))
                .isInstanceOf(HandshakeDecryptionException.class)
                .hasMessageStartingWith("failed to decrypt server static ciphertext");
        assertThatThrownBy(() -> client.onServerHello(hello))
                .as("dead after failure")
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tamperedClientFinishPayloadIsRefused() throws Exception {
        ClientHandshake client = client();
        ServerHandshake server = server();
        byte[] finish = client.onServerHello(server.onClientHello(client.start()));
        HandshakeMessage.ClientFinish parsed = parse(finish).getClientFinish();
        byte[] badPayload = parsed.getPayload().toByteArray();
        badPayload[badPayload.length - 1] ^= 1;
        byte[] tampered = HandshakeMessage.newBuilder()
                .setClientFinish(parsed.toBuilder().setPayload(ByteString.copyFrom(badPayload)))
                .build()
                .toByteArray();
        assertThatThrownBy(() -> server.onClientFinish(tampered))
                .isInstanceOf(HandshakeDecryptionException.class)
                .hasMessageStartingWith("failed to decrypt client payload ciphertext");
    }

    @Test
    void clientRefusesChainFromAnotherRootWithNamedStep() throws Exception {
        ClientHandshake client = ClientHandshake.create(clientNoise, payload, CertificateVerifier.whatsApp(CLOCK));
        byte[] hello = server().onClientHello(client.start());
        assertThatThrownBy(() -> client.onServerHello(hello))
                .isInstanceOf(IntermediateSignatureException.class)
                .hasMessageStartingWith("failed to verify server certificate: intermediate certificate is not signed");
    }

    @Test
    void clientRefusesServerWhoseCertificateNamesAnotherKey() throws Exception {
        ClientHandshake client = client();
        ServerHandshake impostor = ServerHandshake.create(KeyPair.generate(), issuer.issue(serverStatic.publicKey()));
        byte[] hello = impostor.onClientHello(client.start());
        assertThatThrownBy(() -> client.onServerHello(hello))
                .isInstanceOf(LeafKeyMismatchException.class)
                .hasMessage("failed to verify server certificate: leaf key does not match server static key");
    }

    @Test
    void malformedFramesAndOutOfOrderCallsAreRefused() {
        ClientHandshake client = client();
        assertThatThrownBy(client::finish).isInstanceOf(IllegalStateException.class);
        client.start();
        assertThatThrownBy(client::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> client.onServerHello(new byte[] {0x1a, 0x02, 0x0a, 0x00}))
                .isInstanceOf(MalformedHandshakeMessageException.class)
                .hasMessage("missing parts of handshake response");
        assertThatThrownBy(() -> server().onClientHello(new byte[] {(byte) 0xff}))
                .isInstanceOf(MalformedHandshakeMessageException.class);
        assertThatThrownBy(() -> server().onClientHello(new byte[0]))
                .isInstanceOf(MalformedHandshakeMessageException.class);
    }

    @Test
    void concurrentWritersNeverReuseANonce() throws Exception {
        NoiseSession session = handshake()[0];
        java.util.Set<String> ciphertexts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread[] writers = new Thread[4];
        for (int t = 0; t < writers.length; t++) {
            writers[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    ciphertexts.add(java.util.HexFormat.of().formatHex(session.encrypt(new byte[8])));
                }
            });
            writers[t].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
        assertThat(ciphertexts).hasSize(800);
        assertThat(session.framesWritten()).isEqualTo(800);
    }

    private NoiseSession[] handshake() throws Exception {
        ClientHandshake client = client();
        ServerHandshake server = server();
        server.onClientFinish(client.onServerHello(server.onClientHello(client.start())));
        return new NoiseSession[] {client.finish(), server.finish()};
    }

    private static HandshakeMessage parse(byte[] frame) {
        return assertDoesNotThrow(() -> HandshakeMessage.parseFrom(frame));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> supplier) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(supplier);
    }
}
