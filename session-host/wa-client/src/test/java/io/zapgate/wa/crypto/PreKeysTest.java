package io.zapgate.wa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PreKeysTest {
    @Test
    void signedPreKeyIsSignedOverTypePrefixedPublicKey() {
        KeyPair identity = KeyPair.generate();
        SignedPreKey spk = SignedPreKey.generate(identity, 1);
        assertThat(spk.verify(identity.publicKey())).isTrue();
        assertThat(spk.verify(KeyPair.generate().publicKey())).isFalse();
        byte[] signed = SignedPreKey.signedMessage(spk.keyPair().publicKey());
        assertThat(signed).hasSize(33).startsWith(0x05);
        assertThat(XEdDsa.verify(identity.publicKey(), signed, spk.signature())).isTrue();
        assertThat(spk.idBytes()).containsExactly(0, 0, 1);
        assertThat(spk.toString())
                .doesNotContain(java.util.HexFormat.of().formatHex(spk.keyPair().privateKey()));
    }

    @Test
    void preKeyIdsAreThreeBytes() {
        assertThat(PreKey.generate(0x010203).idBytes()).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> PreKey.generate(0x1000000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registrationIdIsFourteenBitNonZeroAndFourBytesOnTheWire() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            int id = RegistrationId.generate(random).value();
            assertThat(id).isBetween(1, 0x3FFF);
        }
        RegistrationId id = new RegistrationId(0x1234);
        assertThat(id.toBytes()).containsExactly(0, 0, 0x12, 0x34);
        assertThat(RegistrationId.fromBytes(new byte[] {(byte) 0xff, 0, 0, 1}).unsignedValue())
                .isEqualTo(0xff000001L);
    }
}
