package io.zapgate.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GuardedResolverTest {
    private final AtomicInteger lookups = new AtomicInteger();

    private GuardedResolver.Dns answering(String... addresses) {
        return host -> {
            lookups.incrementAndGet();
            InetAddress[] all = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                all[i] = InetAddress.getByAddress(
                        host, InetAddress.getByName(addresses[i]).getAddress());
            }
            return all;
        };
    }

    @Test
    void everyAddressIsCheckedNotOnlyTheFirst() {
        GuardedResolver guard = new GuardedResolver(false, answering("93.184.215.14", "fd00:ec2::254"));
        assertThatThrownBy(() -> guard.resolve("hooks.example"))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("fd00:ec2:0:0:0:0:0:254")
                .hasMessageContaining("unique-local");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aPublicHostIsResolvedOnceAndItsAddressesReturned() throws Exception {
        GuardedResolver guard = new GuardedResolver(false, answering("93.184.215.14", "2606:4700:4700::1111"));
        assertThat(guard.resolve("hooks.example"))
                .extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14", "2606:4700:4700:0:0:0:0:1111");
        assertThat(lookups).hasValue(1);
    }

    @Test
    void theLocalSwitchAllowsPrivateAddresses() throws Exception {
        assertThat(new GuardedResolver(true, answering("127.0.0.1")).resolve("localhost"))
                .hasSize(1);
    }

    @Test
    void anUnresolvableHostIsUnknownNotBlocked() {
        GuardedResolver guard = new GuardedResolver(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.resolve("nowhere.invalid")).isInstanceOf(UnknownHostException.class);
    }
}
