package io.zapgate.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class AesGcmSecretCipherTest {
    private final byte[] key = new byte[32];
    private final AesGcmSecretCipher cipher = new AesGcmSecretCipher(key);

    @Test
    void roundTripsAndNeverRepeatsCiphertext() {
        String a = cipher.encrypt("hunter2", "acc/inst/proxyPassword");
        String b = cipher.encrypt("hunter2", "acc/inst/proxyPassword");
        assertThat(a).startsWith("v1:").doesNotContain("hunter2").isNotEqualTo(b);
        assertThat(cipher.decrypt(a, "acc/inst/proxyPassword")).isEqualTo("hunter2");
    }

    @Test
    void refusesOtherContextOtherKeyAndTampering() {
        String sealed = cipher.encrypt("hunter2", "ctx");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "other")).isInstanceOf(SecretCipherException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new AesGcmSecretCipher(other).decrypt(sealed, "ctx"))
                .isInstanceOf(SecretCipherException.class);
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "ctx")).isInstanceOf(SecretCipherException.class);
        assertThatThrownBy(() -> cipher.decrypt("plain", "ctx")).isInstanceOf(SecretCipherException.class);
    }

    @Test
    void keysAreReadFromHexOrBase64AndMustBe256Bits() {
        String hex = "00".repeat(32);
        assertThat(AesGcmSecretCipher.fromText(hex).decrypt(cipher.encrypt("x", "c"), "c")).isEqualTo("x");
        String b64 = Base64.getEncoder().encodeToString(key);
        assertThat(AesGcmSecretCipher.fromText(b64).decrypt(cipher.encrypt("y", "c"), "c")).isEqualTo("y");
        assertThatThrownBy(() -> new AesGcmSecretCipher(new byte[16])).hasMessageContaining("32 bytes");
    }
}
