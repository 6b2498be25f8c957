package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WaVersionTest {

    @Test
    void parsesAndFormats() {
        WaVersion version = WaVersion.parse("2.3000.1234567890");
        assertThat(version).isEqualTo(new WaVersion(2, 3000, 1234567890));
        assertThat(version).hasToString("2.3000.1234567890");
        assertThat(WaVersion.parse(version.toString())).isEqualTo(version);
        assertThat(WaVersion.parse("0.0.0")).isEqualTo(new WaVersion(0, 0, 0));
    }

    @Test
    void buildHashIsTheMd5OfTheString() {
        // spec §2.4 example: "2.3000.1043857760" -> f6f65c06... (observed on the wire)
        assertThat(HexFormat.of().formatHex(WaVersion.parse("2.3000.1043857760").buildHash()))
                .isEqualTo("f6f65c0607a1cdffd8752b051fc95edf");
        assertThat(HexFormat.of().formatHex(AppVersionProvider.BUILT_IN.buildHash()))
                .isEqualTo("9fa53af9421567b114e33c9bb1ef7db2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2.3000",
                "2.3000.1.4",
                "2..1",
                "2.3000.x",
                "-1.3000.1",
                "2.+3000.1",
                " 2.3000.1",
                "2.3000.1 ",
                "2.3000.99999999999",
                "2.3000.2147483648",
                "v2.3000.1",
                "2,3000,1"
            })
    void rejectsAnythingElseNamingTheValue(String bad) {
        assertThatThrownBy(() -> WaVersion.parse(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + bad + "\"");
    }

    @Test
    void rejectsNegativeComponents() {
        assertThatThrownBy(() -> new WaVersion(2, -1, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
