package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.instance.ProxyProtocol;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.net.BlockedAddressException;
import io.zapgate.core.net.GuardedResolver;
import io.zapgate.wa.transport.ProxyConfig;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The session host hands the transport a proxy whose host is resolved once and checked. */
class ProxiesTest {
    private final AtomicInteger lookups = new AtomicInteger();

    private GuardedResolver.Dns answering(String... addresses) {
        return host -> {
            lookups.incrementAndGet();
            InetAddress[] all = new InetAddress[addresses.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = InetAddress.getByName(addresses[i]);
            }
            return all;
        };
    }

    private static ProxyConfig stored(String host) {
        return Proxies.toTransport(new ProxySettings(true, host, "1080", ProxyProtocol.SOCKS5, "u", "p"));
    }

    @Test
    void aProxyNameResolvingToTheMetadataServiceIsRefused() {
        ProxyConfig proxy = Proxies.guarded(
                stored("proxy.zapgate.test"),
                new GuardedResolver(false, answering("93.184.215.14", "169.254.169.254")));
        assertThatThrownBy(() -> proxy.resolver().resolve(proxy.host()))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("169.254.169.254");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aPublicProxyResolvesToItsCheckedAddresses() throws Exception {
        ProxyConfig proxy =
                Proxies.guarded(stored("proxy.zapgate.test"), new GuardedResolver(false, answering("93.184.215.14")));
        assertThat(proxy.resolver().resolve(proxy.host()))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
        assertThat(proxy.host()).isEqualTo("proxy.zapgate.test");
        assertThat(proxy.username()).contains("u");
    }

    @Test
    void storedLiteralsFromBeforeTheApiCheckAreRefusedToo() {
        ProxyConfig proxy = Proxies.guarded(stored("10.0.0.1"), new GuardedResolver(false));
        assertThatThrownBy(() -> proxy.resolver().resolve(proxy.host())).isInstanceOf(BlockedAddressException.class);
    }

    @Test
    void theLocalSwitchAllowsLoopbackProxies() throws Exception {
        ProxyConfig proxy = Proxies.guarded(stored("localhost"), new GuardedResolver(true, answering("127.0.0.1")));
        assertThat(proxy.resolver().resolve(proxy.host())).hasSize(1);
        assertThat(Proxies.guarded(null, new GuardedResolver(false))).isNull();
    }
}
