package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** QR parsing (spec §4.1 step 5, both forms) and the pairing-code primitives. */
class QrDataTest {
    private static final String NOISE = "YdDDcJAIjYah6CCoI/gQtkPNduUzFHSh847mVBoOiS8=";
    private static final String IDENTITY = "fZ5bNaUE04HrMbjGKtKhenvwihSJynE5yPDLc8Sw8Ho=";
    private static final String ADV = "N/I5bIwMfV9IQGwob6QRV+v3CcovopL8GlauUw82z5g=";

    @Test
    void parsesTheCurrentFormFromTheWireLog() {
        QrData qr = QrData.parse(
                "https://wa.me/settings/linked_devices#2@fakeref1," + NOISE + "," + IDENTITY + "," + ADV + ",1");
        assertThat(qr.ref()).isEqualTo("2@fakeref1");
        assertThat(qr.noisePublicKey()).isEqualTo(Base64.getDecoder().decode(NOISE));
        assertThat(qr.identityPublicKey()).isEqualTo(Base64.getDecoder().decode(IDENTITY));
        assertThat(qr.advSecret()).isEqualTo(Base64.getDecoder().decode(ADV));
        assertThat(qr.clientType()).contains("1");
        assertThat(QrData.parse(qr.format()).ref()).isEqualTo("2@fakeref1");
    }

    @Test
    void parsesTheLegacyForm() {
        QrData qr = QrData.parse("2@abc," + NOISE + "," + IDENTITY + "," + ADV);
        assertThat(qr.ref()).isEqualTo("2@abc");
        assertThat(qr.clientType()).isEmpty();
    }

    @Test
    void rejectsMalformedQrs() {
        assertThatThrownBy(() -> QrData.parse("2@abc," + NOISE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrData.parse("2@abc,!!," + IDENTITY + "," + ADV))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QrData.parse("2@abc,AAAA," + IDENTITY + "," + ADV))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> QrData.parse("https://example.com/#2@abc," + NOISE + "," + IDENTITY + "," + ADV))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairingCodeWrapRoundTripsAndCodesNormalize() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        byte[] wrapped = LinkCodeCrypto.wrap("ABCDEFGH", key, new SecureRandom());
        assertThat(wrapped).hasSize(80);
        assertThat(LinkCodeCrypto.unwrap("ABCDEFGH", wrapped)).isEqualTo(key);
        assertThat(LinkCodeCrypto.unwrap("ABCDEFGJ", wrapped)).isNotEqualTo(key);
        assertThat(LinkCodeCrypto.normalizeCode("abcd-efgh")).isEqualTo("ABCDEFGH");
        assertThatThrownBy(() -> LinkCodeCrypto.normalizeCode("ABC")).isInstanceOf(FakePairingException.class);
    }
}
