package io.zapgate.wa.noise;

import static io.zapgate.wa.noise.SpecVectors.HEX;
import static io.zapgate.wa.noise.SpecVectors.key;
import static io.zapgate.wa.noise.SpecVectors.payload;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Reproduces the spec §1.8 handshake vector byte for byte, from both ends. */
class HandshakeVectorTest {

    @Test
    void introBytesMatchVector() {
        assertThat(HEX.formatHex(NoiseConstants.connectionHeader())).isEqualTo(SpecVectors.WS1.substring(0, 8));
    }

    @Test
    void clientSideReproducesVector() throws Exception {
        AtomicReference<byte[]> seenCert = new AtomicReference<>();
        AtomicReference<byte[]> seenStatic = new AtomicReference<>();
        ServerCertificateValidator recordingValidator = (cert, serverStatic) -> {
            seenCert.set(cert);
            seenStatic.set(serverStatic);
        };
        ClientHandshake client =
                ClientHandshake.create(key(2), key(1), HEX.parseHex(SpecVectors.CLIENT_PAYLOAD), recordingValidator);

        assertThat(client.start()).isEqualTo(payload(SpecVectors.WS1, true));
        byte[] finish = client.onServerHello(payload(SpecVectors.WS2, false));
        assertThat(HEX.formatHex(seenCert.get())).isEqualTo(SpecVectors.CERT_PLAINTEXT);
        assertThat(seenStatic.get()).isEqualTo(key(4).publicKey());
        assertThat(client.serverStaticPublicKey()).isEqualTo(key(4).publicKey());
        assertThat(HEX.formatHex(finish)).isEqualTo(HEX.formatHex(payload(SpecVectors.WS3, false)));

        NoiseSession session = client.finish();
        assertThat(session.decrypt(payload(SpecVectors.SUCCESS_WS, false)))
                .isEqualTo(HEX.parseHex(SpecVectors.SUCCESS_PLAINTEXT));
        assertThat(HEX.formatHex(session.encrypt(HEX.parseHex(SpecVectors.CLIENT_NODE_PLAINTEXT))))
                .isEqualTo(HEX.formatHex(payload(SpecVectors.CLIENT_NODE_WS, false)));
    }

    @Test
    void serverSideReproducesVector() throws Exception {
        ServerHandshake server = ServerHandshake.create(key(4), key(3), HEX.parseHex(SpecVectors.CERT_PLAINTEXT));

        byte[] hello = server.onClientHello(payload(SpecVectors.WS1, true));
        assertThat(HEX.formatHex(hello)).isEqualTo(HEX.formatHex(payload(SpecVectors.WS2, false)));
        assertThat(server.clientEphemeralPublicKey()).isEqualTo(key(1).publicKey());

        server.onClientFinish(payload(SpecVectors.WS3, false));
        assertThat(server.clientStaticPublicKey()).isEqualTo(key(2).publicKey());
        assertThat(HEX.formatHex(server.clientPayload())).isEqualTo(SpecVectors.CLIENT_PAYLOAD);

        NoiseSession session = server.finish();
        assertThat(HEX.formatHex(session.encrypt(HEX.parseHex(SpecVectors.SUCCESS_PLAINTEXT))))
                .isEqualTo(HEX.formatHex(payload(SpecVectors.SUCCESS_WS, false)));
        assertThat(session.decrypt(payload(SpecVectors.CLIENT_NODE_WS, false)))
                .isEqualTo(HEX.parseHex(SpecVectors.CLIENT_NODE_PLAINTEXT));
    }

    /** The intermediate trace values of §1.8 (h after e_c; ck and k after ee, es, se; the split keys). */
    @Test
    void symmetricStateTraceMatchesVector() throws Exception {
        SymmetricState s = new SymmetricState();
        s.mixHash(NoiseConstants.connectionHeader());
        s.mixHash(key(1).publicKey());
        assertThat(HEX.formatHex(s.hash()))
                .isEqualTo("0019031be1b0506972e4f4e2cb9de0dec5350cb635a4e6b4eea81a50f20d0f11");
        s.mixHash(key(3).publicKey());
        s.mixSharedSecret(key(1), key(3).publicKey(), "ee");
        assertCkK(
                s,
                "5789f66cc5e89ee439f84a99aece2001fd5f41d1a9928efbf91eea5c2bd8c2bb",
                "f2c6f2157482d814c5e348f5347fa68118b2ae67e7f6981f77794f7bbf37532c");
        s.encryptAndHash(key(4).publicKey());
        s.mixSharedSecret(key(1), key(4).publicKey(), "es");
        assertCkK(
                s,
                "22c2c9a2cbd25a0355b9dbff35f09a22ffb4b9985b28b4064d2d982d823cf1cf",
                "bdeff455b37460f87cf77ac85b9801e8e578ec9b3e4c96f4aa75ddf875f30073");
        s.encryptAndHash(HEX.parseHex(SpecVectors.CERT_PLAINTEXT));
        s.encryptAndHash(key(2).publicKey());
        s.mixSharedSecret(key(2), key(3).publicKey(), "se");
        assertCkK(
                s,
                "e8268624138384a4de3bfc1d9f1c0a7d0439004eec30fe958d3f97fffb918fc5",
                "8f18532db70d752391206e57d3e6fbcc78b01e4b36dfc7db362279659ed0fbf4");
        s.encryptAndHash(HEX.parseHex(SpecVectors.CLIENT_PAYLOAD));
        byte[][] keys = s.split();
        assertThat(HEX.formatHex(keys[0])).isEqualTo(SpecVectors.KEY_C2S);
        assertThat(HEX.formatHex(keys[1])).isEqualTo(SpecVectors.KEY_S2C);
    }

    @Test
    void explicitKeySessionMatchesVectorTransportKeys() throws Exception {
        NoiseSession client = NoiseSession.of(HEX.parseHex(SpecVectors.KEY_C2S), HEX.parseHex(SpecVectors.KEY_S2C));
        assertThat(client.decrypt(payload(SpecVectors.SUCCESS_WS, false)))
                .isEqualTo(HEX.parseHex(SpecVectors.SUCCESS_PLAINTEXT));
    }

    @Test
    void nonceLayoutIsEightZeroBytesThenUint32BigEndian() {
        assertThat(HEX.formatHex(NoiseNonce.of(0))).isEqualTo("000000000000000000000000");
        assertThat(HEX.formatHex(NoiseNonce.of(0x01020304L))).isEqualTo("000000000000000001020304");
        assertThat(HEX.formatHex(NoiseNonce.of(0xFFFFFFFFL))).isEqualTo("0000000000000000ffffffff");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NoiseNonce.of(1L << 32))
                .isInstanceOf(NonceExhaustedException.class);
        assertThat(HEX.formatHex(NoiseConstants.startPattern()))
                .isEqualTo(HEX.formatHex("Noise_XX_25519_AESGCM_SHA256\0\0\0\0".getBytes()));
    }

    private static void assertCkK(SymmetricState s, String ck, String k) {
        assertThat(HEX.formatHex(s.chainingKey())).isEqualTo(ck);
        assertThat(HEX.formatHex(s.cipherKey())).isEqualTo(k);
    }
}
