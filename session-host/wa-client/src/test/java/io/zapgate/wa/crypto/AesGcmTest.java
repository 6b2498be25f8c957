package io.zapgate.wa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AesGcmTest {
    private final byte[] key = XEdDsaTest.filled(32, 0x11);
    private final byte[] nonce = new byte[12];

    @Test
    void roundTripAppendsSixteenByteTag() throws AeadAuthenticationException {
        byte[] ct = AesGcm.seal(key, nonce, "hello".getBytes(), new byte[] {1, 2});
        assertThat(ct).hasSize(5 + 16);
        assertThat(AesGcm.open(key, nonce, ct, new byte[] {1, 2})).isEqualTo("hello".getBytes());
    }

    @Test
    void tamperedCiphertextWrongAadOrShortInputIsRefused() {
        byte[] ct = AesGcm.seal(key, nonce, "hello".getBytes(), null);
        byte[] tampered = ct.clone();
        tampered[0] ^= 1;
        assertThatThrownBy(() -> AesGcm.open(key, nonce, tampered, null))
                .isInstanceOf(AeadAuthenticationException.class);
        assertThatThrownBy(() -> AesGcm.open(key, nonce, ct, new byte[] {9}))
                .isInstanceOf(AeadAuthenticationException.class);
        assertThatThrownBy(() -> AesGcm.open(key, nonce, new byte[15], null))
                .isInstanceOf(AeadAuthenticationException.class);
    }
}
