package io.zapgate.core.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.error.ZapgateException;
import org.junit.jupiter.api.Test;

/** Malformed proxy values are refused even when the block is (or stays) off: never silently dropped. */
class ProxyPatchTest {
    @Test
    void aMalformedValueIsRefusedWhenTheBlockIsOff() {
        Fields f = new Fields("proxy");
        assertThatThrownBy(
                        () -> new ProxyPatch(null, null, "abc", null, null, null).applyTo(ProxySettings.disabled(), f))
                .isInstanceOf(ZapgateException.class)
                .hasMessageContaining("proxyPort");
        assertThatThrownBy(() ->
                        new ProxyPatch(false, null, "70000", null, null, null).applyTo(ProxySettings.disabled(), f))
                .isInstanceOf(ZapgateException.class);
        assertThatThrownBy(
                        () -> new ProxyPatch(null, null, null, "ftp", null, null).applyTo(ProxySettings.disabled(), f))
                .isInstanceOf(ZapgateException.class)
                .hasMessageContaining("proxyProtocol");
        assertThatThrownBy(() ->
                        new ProxyPatch(false, "bad host!", null, null, null, null).applyTo(ProxySettings.disabled(), f))
                .isInstanceOf(ZapgateException.class);
        assertThat(new ProxyPatch(false, "proxy.example.com", "1080", "socks5", null, null)
                        .applyTo(ProxySettings.disabled(), f))
                .isEqualTo(ProxySettings.disabled());
    }
}
