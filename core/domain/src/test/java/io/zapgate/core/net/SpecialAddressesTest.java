package io.zapgate.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every special-purpose range at its edges: its first and last address, and the neighbours just outside. */
class SpecialAddressesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // 0.0.0.0/8
        "0.0.0.0, blocked",
        "0.255.255.255, blocked",
        "1.0.0.0, allowed",
        // 10.0.0.0/8
        "9.255.255.255, allowed",
        "10.0.0.0, blocked",
        "10.255.255.255, blocked",
        "11.0.0.0, allowed",
        // 100.64.0.0/10
        "100.63.255.255, allowed",
        "100.64.0.0, blocked",
        "100.127.255.255, blocked",
        "100.128.0.0, allowed",
        // 127.0.0.0/8
        "126.255.255.255, allowed",
        "127.0.0.0, blocked",
        "127.255.255.255, blocked",
        "128.0.0.0, allowed",
        // 169.254.0.0/16 (the instance metadata service)
        "169.253.255.255, allowed",
        "169.254.0.0, blocked",
        "169.254.169.254, blocked",
        "169.254.255.255, blocked",
        "169.255.0.0, allowed",
        // 172.16.0.0/12
        "172.15.255.255, allowed",
        "172.16.0.0, blocked",
        "172.31.255.255, blocked",
        "172.32.0.0, allowed",
        // 192.0.0.0/24
        "191.255.255.255, allowed",
        "192.0.0.0, blocked",
        "192.0.0.255, blocked",
        "192.0.1.0, allowed",
        // 192.0.2.0/24
        "192.0.1.255, allowed",
        "192.0.2.0, blocked",
        "192.0.2.255, blocked",
        "192.0.3.0, allowed",
        // 192.88.99.0/24
        "192.88.98.255, allowed",
        "192.88.99.0, blocked",
        "192.88.99.255, blocked",
        "192.88.100.0, allowed",
        // 192.168.0.0/16
        "192.167.255.255, allowed",
        "192.168.0.0, blocked",
        "192.168.255.255, blocked",
        "192.169.0.0, allowed",
        // 198.18.0.0/15
        "198.17.255.255, allowed",
        "198.18.0.0, blocked",
        "198.19.255.255, blocked",
        "198.20.0.0, allowed",
        // 198.51.100.0/24
        "198.51.99.255, allowed",
        "198.51.100.0, blocked",
        "198.51.100.255, blocked",
        "198.51.101.0, allowed",
        // 203.0.113.0/24
        "203.0.112.255, allowed",
        "203.0.113.0, blocked",
        "203.0.113.255, blocked",
        "203.0.114.0, allowed",
        // 224.0.0.0/4, 240.0.0.0/4, 255.255.255.255
        "223.255.255.255, allowed",
        "224.0.0.0, blocked",
        "239.255.255.255, blocked",
        "240.0.0.0, blocked",
        "255.255.255.254, blocked",
        "255.255.255.255, blocked",
        // globally reachable registry entries and ordinary hosts
        "192.31.196.1, allowed",
        "192.52.193.1, allowed",
        "8.8.8.8, allowed",
        "93.184.215.14, allowed",

        // ::/128, ::1/128 and the deprecated IPv4-compatible ::/96
        "::, blocked",
        "::1, blocked",
        "::2, blocked",
        "::127.0.0.1, blocked",
        "::8.8.8.8, blocked",
        "::ffff:ffff, blocked",
        "::1:0:0, allowed",
        // ::ffff:0:0/96 (the JDK folds these to IPv4; raw bytes are tested below)
        "::ffff:127.0.0.1, blocked",
        "::ffff:169.254.169.254, blocked",
        "::ffff:8.8.8.8, allowed",
        "::fffe:ffff:ffff, allowed",
        "::1:0:0:0, allowed",
        // 64:ff9b::/96 (NAT64): judged by the embedded IPv4 address
        "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "64:ff9b::, blocked",
        "64:ff9b::7f00:1, blocked",
        "64:ff9b::a9fe:a9fe, blocked",
        "64:ff9b::ffff:ffff, blocked",
        "64:ff9b::808:808, allowed",
        "64:ff9b::1:0:0, allowed",
        // 64:ff9b:1::/48
        "64:ff9b:0:ffff:ffff:ffff:ffff:ffff, allowed",
        "64:ff9b:1::, blocked",
        "64:ff9b:1:ffff:ffff:ffff:ffff:ffff, blocked",
        "64:ff9b:2::, allowed",
        // 100::/64 and 100:0:0:1::/64
        "ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "100::, blocked",
        "100::ffff:ffff:ffff:ffff, blocked",
        "100:0:0:1::, blocked",
        "100:0:0:1:ffff:ffff:ffff:ffff, blocked",
        "100:0:0:2::, allowed",
        // 2001::/23
        "2000:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "2001::, blocked",
        "2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "2001:200::, allowed",
        // 2001:db8::/32
        "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "2001:db8::, blocked",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "2001:db9::, allowed",
        // 2002::/16 (6to4): judged by the embedded IPv4 address
        "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "2002::, blocked",
        "2002:7f00:1::, blocked",
        "2002:a9fe:a9fe::, blocked",
        "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "2002:808:808::1, allowed",
        "2003::, allowed",
        // 3fff::/20
        "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "3fff::, blocked",
        "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "3fff:1000::, allowed",
        // 5f00::/16
        "5eff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "5f00::, blocked",
        "5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "5f01::, allowed",
        // fc00::/7 (fd00:ec2::254 is the EC2 metadata service over IPv6)
        "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "fc00::, blocked",
        "fd00:ec2::254, blocked",
        "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "fe00::, allowed",
        // fe80::/10, fec0::/10, ff00::/8
        "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, allowed",
        "fe80::, blocked",
        "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "fec0::, blocked",
        "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        "ff00::, blocked",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, blocked",
        // ordinary IPv6 hosts
        "2606:4700:4700::1111, allowed",
        "2a00:1450:4001::1, allowed"
    })
    void rangeEdges(String address, String expected) throws Exception {
        String range = SpecialAddresses.blockedRange(InetAddress.getByName(address));
        assertThat(range == null ? "allowed" : "blocked")
                .as(address + " (" + range + ")")
                .isEqualTo(expected);
    }

    @Test
    void ipv4MappedBytesAreJudgedByTheirIpv4Address() {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        assertThat(SpecialAddresses.blockedRange(mapped))
                .contains("IPv4-mapped")
                .contains("link-local");
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertThat(SpecialAddresses.blockedRange(mapped)).isNull();
    }

    @Test
    void literalsAreParsedWithoutLookingUpNames() {
        assertThat(SpecialAddresses.literal("10.1.2.3")).isNotNull();
        assertThat(SpecialAddresses.literal("[fd00:ec2::254]")).isNotNull();
        assertThat(SpecialAddresses.literal("proxy.example.com")).isNull();
        assertThat(SpecialAddresses.literal("127.1")).isNull();
        assertThat(SpecialAddresses.literal("010.0.0.1")).isNull();
        assertThat(SpecialAddresses.literal("[not-v6]")).isNull();
    }
}
