package io.zapgate.wa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CurveTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Spec §1.8: 32 bytes of value v, first byte {@code &= 248}. */
    static byte[] vectorPrivate(int v) {
        byte[] priv = XEdDsaTest.filled(32, v);
        priv[0] &= (byte) 248;
        return priv;
    }

    static KeyPair vectorKey(int v) {
        return KeyPair.fromPrivate(vectorPrivate(v));
    }

    @Test
    void specVectorPublicKeys() {
        assertThat(HEX.formatHex(vectorKey(1).publicKey()))
                .isEqualTo("a4e09292b651c278b9772c569f5fa9bb13d906b46ab68c9df9dc2b4409f8a209");
        assertThat(HEX.formatHex(vectorKey(2).publicKey()))
                .isEqualTo("ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59");
        assertThat(HEX.formatHex(vectorKey(3).publicKey()))
                .isEqualTo("5dfedd3b6bd47f6fa28ee15d969d5bb0ea53774d488bdaf9df1c6e0124b3ef22");
        assertThat(HEX.formatHex(vectorKey(4).publicKey()))
                .isEqualTo("ac01b2209e86354fb853237b5de0f4fab13c7fcbf433a61c019369617fecf10b");
    }

    @Test
    void agreementIsSymmetric() throws KeyAgreementException {
        KeyPair a = KeyPair.generate();
        KeyPair b = KeyPair.generate();
        assertThat(a.agree(b.publicKey())).isEqualTo(b.agree(a.publicKey())).hasSize(32);
    }

    @Test
    void lowOrderPeerKeyIsRefused() {
        KeyPair a = KeyPair.generate();
        assertThatThrownBy(() -> a.agree(new byte[32]))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessageContaining("low-order");
    }

    @Test
    void generatedKeysAreClampedAndToStringHidesPrivate() {
        KeyPair kp = KeyPair.generate();
        byte[] priv = kp.privateKey();
        assertThat(priv[0] & 7).isZero();
        assertThat(priv[31] & 0xC0).isEqualTo(0x40);
        assertThat(kp.toString()).doesNotContain(HEX.formatHex(priv)).contains(HEX.formatHex(kp.publicKey()));
        assertThat(KeyPair.fromPrivate(priv)).isEqualTo(kp);
    }

    @Test
    void wrongKeyLengthsAreRejected() {
        assertThatThrownBy(() -> KeyPair.fromPrivate(new byte[31])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve25519.agree(new byte[32], new byte[33]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
