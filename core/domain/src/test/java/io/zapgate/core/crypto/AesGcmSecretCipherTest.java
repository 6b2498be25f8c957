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
        assertThat(a)
                .startsWith("v2:" + cipher.currentKeyId() + ":")
                .doesNotContain("hunter2")
                .isNotEqualTo(b);
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
        String prefix = "v2:" + cipher.currentKeyId() + ":";
        byte[] raw = Base64.getDecoder().decode(sealed.substring(prefix.length()));
        raw[raw.length - 1] ^= 1;
        String tampered = prefix + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> cipher.decrypt(tampered, "ctx")).isInstanceOf(SecretCipherException.class);
        assertThatThrownBy(() -> cipher.decrypt("plain", "ctx")).isInstanceOf(SecretCipherException.class);
    }

    @Test
    void keysAreReadFromHexOrBase64AndMustBe256Bits() {
        String hex = "00".repeat(32);
        assertThat(AesGcmSecretCipher.fromText(hex).decrypt(cipher.encrypt("x", "c"), "c"))
                .isEqualTo("x");
        String b64 = Base64.getEncoder().encodeToString(key);
        assertThat(AesGcmSecretCipher.fromText(b64).decrypt(cipher.encrypt("y", "c"), "c"))
                .isEqualTo("y");
        assertThatThrownBy(() -> new AesGcmSecretCipher(new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void aRingSealsWithTheFirstKeyAndOpensWithAny() {
        byte[] oldKey = new byte[32];
        byte[] newKey = new byte[32];
        newKey[0] = 7;
        AesGcmSecretCipher old = new AesGcmSecretCipher(oldKey);
        String sealedOld = old.encrypt("s3cret", "ctx");
        AesGcmSecretCipher rotated = new AesGcmSecretCipher(java.util.List.of(newKey, oldKey));
        assertThat(rotated.keyIds()).containsExactly(AesGcmSecretCipher.keyId(newKey), old.currentKeyId());
        assertThat(rotated.decrypt(sealedOld, "ctx")).isEqualTo("s3cret");
        String sealedNew = rotated.encrypt("s3cret", "ctx");
        assertThat(AesGcmSecretCipher.keyIdOf(sealedNew)).isEqualTo(AesGcmSecretCipher.keyId(newKey));
        assertThat(new AesGcmSecretCipher(newKey).decrypt(sealedNew, "ctx")).isEqualTo("s3cret");
        assertThatThrownBy(() -> old.decrypt(sealedNew, "ctx"))
                .isInstanceOf(SecretCipherException.class)
                .hasMessageContaining("not in the key ring")
                .hasMessageContaining(rotated.currentKeyId());
        assertThat(AesGcmSecretCipher.fromText(Base64.getEncoder().encodeToString(newKey) + " , " + "00".repeat(32))
                        .decrypt(sealedOld, "ctx"))
                .isEqualTo("s3cret");
        assertThatThrownBy(() -> new AesGcmSecretCipher(java.util.List.of(oldKey, oldKey.clone())))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> AesGcmSecretCipher.fromText(" , ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> AesGcmSecretCipher.fromText("not-a-key!")).hasMessageContaining("base64");
    }

    @Test
    void firstReleaseValuesWithoutAKeyIdStillOpen() throws Exception {
        // a v1 value as the first release wrote it: v1: + base64(nonce || ciphertext || tag), no key id
        byte[] nonce = new byte[12];
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(key, "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        c.updateAAD("ctx".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] sealed = c.doFinal("legacy".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] all = new byte[12 + sealed.length];
        System.arraycopy(sealed, 0, all, 12, sealed.length);
        String v1 = "v1:" + Base64.getEncoder().encodeToString(all);
        byte[] newKey = new byte[32];
        newKey[31] = 1;
        assertThat(new AesGcmSecretCipher(java.util.List.of(newKey, key)).decrypt(v1, "ctx"))
                .isEqualTo("legacy");
        assertThatThrownBy(() -> new AesGcmSecretCipher(newKey).decrypt(v1, "ctx"))
                .isInstanceOf(SecretCipherException.class);
    }
}
