package io.zapgate.wa.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class HkdfTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void rfc5869TestCase1() {
        byte[] ikm = XEdDsaTest.filled(22, 0x0b);
        byte[] salt = HEX.parseHex("000102030405060708090a0b0c");
        byte[] info = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9");
        assertThat(HEX.formatHex(Hkdf.extract(salt, ikm)))
                .isEqualTo("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assertThat(HEX.formatHex(Hkdf.derive(salt, ikm, info, 42)))
                .isEqualTo("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        assertThat(HEX.formatHex(Hkdf.derive(new byte[0], XEdDsaTest.filled(22, 0x0b), null, 42)))
                .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
        assertThat(Hkdf.derive(null, XEdDsaTest.filled(22, 0x0b), new byte[0], 42))
                .isEqualTo(Hkdf.derive(new byte[32], XEdDsaTest.filled(22, 0x0b), null, 42));
    }

    /** Spec §1.4 MixKey after "ee" in the §1.8 trace: HKDF(salt = pattern, ikm = DH(e_c, e_s), 64) = ck || k. */
    @Test
    void noiseMixKeyStyleVectorFromSpec() throws KeyAgreementException {
        byte[] pattern = Arrays.copyOf("Noise_XX_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII), 32);
        byte[] dh = Curve25519.agree(
                CurveTest.vectorPrivate(1), CurveTest.vectorKey(3).publicKey());
        byte[] out = Hkdf.derive(pattern, dh, null, 64);
        assertThat(HEX.formatHex(Arrays.copyOfRange(out, 0, 32)))
                .isEqualTo("5789f66cc5e89ee439f84a99aece2001fd5f41d1a9928efbf91eea5c2bd8c2bb");
        assertThat(HEX.formatHex(Arrays.copyOfRange(out, 32, 64)))
                .isEqualTo("f2c6f2157482d814c5e348f5347fa68118b2ae67e7f6981f77794f7bbf37532c");
    }

    @Test
    void anyLengthUpTo255Blocks() {
        byte[] prk = Hkdf.extract(null, new byte[] {1});
        assertThat(Hkdf.expand(prk, null, 0)).isEmpty();
        assertThat(Hkdf.expand(prk, null, 100)).startsWith(Hkdf.expand(prk, null, 33));
        assertThat(Hkdf.expand(prk, null, 255 * 32)).hasSize(8160);
        assertThatThrownBy(() -> Hkdf.expand(prk, null, 255 * 32 + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
