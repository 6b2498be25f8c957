package io.zapgate.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigRulesTest {
    @Test
    void urlsMustBeAbsoluteHttp() {
        assertThat(ConfigRules.httpUrl("webhookURL", "https://x.example/hook?a=1")).isNotNull();
        for (String bad : List.of("ftp://x", "not a url", "/relative", "http://", "javascript:alert(1)")) {
            assertThatThrownBy(() -> ConfigRules.httpUrl("webhookURL", bad))
                    .hasMessage("webhookURL must be an absolute http or https URL");
        }
    }

    @Test
    void portsAndHosts() {
        assertThat(ConfigRules.port("proxyPort", "65535")).isEqualTo("65535");
        for (String bad : List.of("0", "65536", "-1", "80a", "", "123456")) {
            assertThatThrownBy(() -> ConfigRules.port("proxyPort", bad)).hasMessageContaining("proxyPort");
        }
        assertThat(ConfigRules.host("h", "10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(ConfigRules.host("h", "[::1]")).isEqualTo("[::1]");
        assertThatThrownBy(() -> ConfigRules.host("proxyHost", "bad host")).hasMessageContaining("proxyHost");
    }

    @Test
    void namesFollowTheContract() {
        assertThat(InstanceName.isValid("a-b_C9")).isTrue();
        assertThat(InstanceName.isValid("x".repeat(65))).isFalse();
        assertThat(InstanceName.isValid("dot.name")).isFalse();
        assertThat(new Fields("proxy").name("host")).isEqualTo("proxyHost");
        assertThat(Fields.BARE.name("host")).isEqualTo("host");
    }
}
