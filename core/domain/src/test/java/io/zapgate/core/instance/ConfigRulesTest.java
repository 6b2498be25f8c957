package io.zapgate.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigRulesTest {
    @Test
    void urlsMustBeAbsoluteHttp() {
        assertThat(ConfigRules.httpUrl("webhookURL", "https://x.example/hook?a=1"))
                .isNotNull();
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
    void proxyHostsMayNotBeSpecialPurposeLiterals() {
        assertThat(ConfigRules.publicHost("proxyHost", "proxy.example.com")).isEqualTo("proxy.example.com");
        assertThat(ConfigRules.publicHost("proxyHost", "93.184.215.14")).isEqualTo("93.184.215.14");
        assertThat(ConfigRules.publicHost("proxyHost", "[2606:4700:4700::1111]"))
                .isNotNull();
        for (String bad : List.of(
                "127.0.0.1",
                "10.0.0.2",
                "169.254.169.254",
                "100.64.0.1",
                "198.18.0.1",
                "[::1]",
                "[fd00:ec2::254]",
                "[::ffff:127.0.0.1]",
                "[64:ff9b::a9fe:a9fe]",
                "[fe80::1]")) {
            assertThatThrownBy(() -> ConfigRules.publicHost("proxyHost", bad))
                    .hasMessageStartingWith("proxyHost must be a public address, not ");
        }
        for (String ambiguous : List.of("127.1", "2130706433", "0177.0.0.1")) {
            assertThatThrownBy(() -> ConfigRules.publicHost("proxyHost", ambiguous))
                    .hasMessage("proxyHost must be a host name or IP address");
        }
    }

    @Test
    void anEnabledProxyOnALoopbackLiteralIsABadRequest() {
        assertThatThrownBy(() -> new ProxyPatch(true, "127.0.0.1", "1080", "socks5", null, null)
                        .applyTo(ProxySettings.disabled(), new Fields("proxy")))
                .hasMessage("proxyHost must be a public address, not loopback (RFC 1122)");
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
