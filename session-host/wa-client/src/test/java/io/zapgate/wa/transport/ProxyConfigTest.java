package io.zapgate.wa.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void toStringNeverShowsThePassword() {
        ProxyConfig config = ProxyConfig.socks5("127.0.0.1", 1080).withCredentials("alice", "s3cret-pw");
        assertThat(config.toString())
                .contains("SOCKS5", "alice", "127.0.0.1:1080")
                .doesNotContain("s3cret-pw");
        assertThat(config.password()).contains("s3cret-pw");
    }

    @Test
    void parsesUris() {
        ProxyConfig socks = ProxyConfig.fromUri(URI.create("socks5://bob:p%40ss%3Aw+rd@127.0.0.1:1080"));
        assertThat(socks.type()).isEqualTo(ProxyConfig.Type.SOCKS5);
        assertThat(socks.username()).contains("bob");
        assertThat(socks.password()).contains("p@ss:w+rd");
        ProxyConfig https = ProxyConfig.fromUri(URI.create("https://proxy.example:8443"));
        assertThat(https.type()).isEqualTo(ProxyConfig.Type.HTTPS);
        assertThat(https.username()).isEmpty();
        assertThat(https.port()).isEqualTo(8443);
        assertThat(ProxyConfig.fromUri(URI.create("http://u:p@h:3128")))
                .isEqualTo(ProxyConfig.http("h", 3128).withCredentials("u", "p"));
    }

    @Test
    void rejectsInvalidInput() {
        assertThatThrownBy(() -> ProxyConfig.http("h", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyConfig.http(" ", 80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyConfig.fromUri(URI.create("ftp://h:21")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyConfig.fromUri(URI.create("socks5://h")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProxyConfig.socks5("h", 1).withCredentials("u".repeat(256), "p"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
