package io.zapgate.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The IP ranges a tenant-chosen target must never reach: every block of the IANA special-purpose address
 * registries of both families, plus multicast, checked on the raw address bytes. Sources (checked 2026-12):
 * <ul>
 *   <li>IANA IPv4 Special-Purpose Address Registry,
 *       https://www.iana.org/assignments/iana-ipv4-special-registry/ (RFC 6890, RFC 8190);</li>
 *   <li>IANA IPv6 Special-Purpose Address Registry,
 *       https://www.iana.org/assignments/iana-ipv6-special-registry/ (RFC 6890, RFC 8190);</li>
 *   <li>IANA multicast registries (224.0.0.0/4, ff00::/8) and RFC 4291 (deprecated site-local fec0::/10 and
 *       IPv4-compatible ::/96).</li>
 * </ul>
 * Blocks the registry marks globally reachable (e.g. 192.31.196.0/24 AS112, 192.52.193.0/24 AMT) are ordinary
 * Internet hosts and are not refused, except inside 2001::/23, which is refused whole. Prefixes that carry an
 * IPv4 address (IPv4-mapped ::ffff:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the embedded
 * IPv4 address, so {@code 64:ff9b::a9fe:a9fe} is refused like 169.254.169.254 but {@code 64:ff9b::808:808} is
 * not.
 */
public final class SpecialAddresses {

    /** One prefix; {@code embeddedV4} is the byte offset of an embedded IPv4 address, or -1. */
    private record Block(byte[] prefix, int bits, String name, int embeddedV4) {
        boolean contains(byte[] a) {
            if (a.length != prefix.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (prefix[full] & mask);
        }
    }

    private static final List<Block> V4 = List.of(
            block("0.0.0.0/8", "this network (RFC 791)"),
            block("10.0.0.0/8", "private (RFC 1918)"),
            block("100.64.0.0/10", "shared address space (RFC 6598)"),
            block("127.0.0.0/8", "loopback (RFC 1122)"),
            block("169.254.0.0/16", "link-local (RFC 3927)"),
            block("172.16.0.0/12", "private (RFC 1918)"),
            block("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
            block("192.0.2.0/24", "documentation TEST-NET-1 (RFC 5737)"),
            block("192.88.99.0/24", "deprecated 6to4 relay anycast (RFC 7526)"),
            block("192.168.0.0/16", "private (RFC 1918)"),
            block("198.18.0.0/15", "benchmarking (RFC 2544)"),
            block("198.51.100.0/24", "documentation TEST-NET-2 (RFC 5737)"),
            block("203.0.113.0/24", "documentation TEST-NET-3 (RFC 5737)"),
            block("224.0.0.0/4", "multicast (RFC 5771)"),
            block("240.0.0.0/4", "reserved (RFC 1112)"),
            block("255.255.255.255/32", "limited broadcast (RFC 919)"));

    private static final List<Block> V6 = List.of(
            block("::/128", "unspecified (RFC 4291)"),
            block("::1/128", "loopback (RFC 4291)"),
            embedding("::ffff:0:0/96", "IPv4-mapped (RFC 4291)", 12),
            block("::/96", "IPv4-compatible, deprecated (RFC 4291)"),
            embedding("64:ff9b::/96", "NAT64 well-known prefix (RFC 6052)", 12),
            block("64:ff9b:1::/48", "local-use IPv4/IPv6 translation (RFC 8215)"),
            block("100::/64", "discard-only (RFC 6666)"),
            block("100:0:0:1::/64", "dummy IPv6 prefix (RFC 9780)"),
            block("2001::/23", "IETF protocol assignments incl. Teredo, benchmarking, ORCHID (RFC 2928)"),
            block("2001:db8::/32", "documentation (RFC 3849)"),
            embedding("2002::/16", "6to4 (RFC 3056)", 2),
            block("3fff::/20", "documentation (RFC 9637)"),
            block("5f00::/16", "segment routing SIDs (RFC 9602)"),
            block("fc00::/7", "unique-local (RFC 4193)"),
            block("fe80::/10", "link-local (RFC 4291)"),
            block("fec0::/10", "site-local, deprecated (RFC 3879)"),
            block("ff00::/8", "multicast (RFC 4291)"));

    private SpecialAddresses() {}

    /** @return the name of the special-purpose range the address falls in, or null for an ordinary address */
    public static String blockedRange(InetAddress address) {
        return blockedRange(address.getAddress());
    }

    /** @param raw 4 or 16 address bytes (network order) */
    public static String blockedRange(byte[] raw) {
        for (Block b : raw.length == 4 ? V4 : V6) {
            if (b.contains(raw)) {
                if (b.embeddedV4() < 0) {
                    return b.name();
                }
                byte[] v4 = java.util.Arrays.copyOfRange(raw, b.embeddedV4(), b.embeddedV4() + 4);
                String inner = blockedRange(v4);
                return inner == null ? null : b.name() + " of " + inner;
            }
        }
        return null;
    }

    /**
     * Parses an IP literal without any DNS query.
     *
     * @param host a host as an API client gives it: a name, a dotted-quad IPv4 or a bracketed IPv6 literal
     * @return the address when {@code host} is such a literal, else null (a name, or not an address at all)
     */
    public static InetAddress literal(String host) {
        if (host == null) {
            return null;
        }
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            try {
                return InetAddress.getByName(host); // bracketed: parsed as an IPv6 literal, never looked up
            } catch (UnknownHostException | IllegalArgumentException e) {
                return null;
            }
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] raw = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(parts[i]) > 255) {
                return null;
            }
            raw[i] = (byte) Integer.parseInt(parts[i]);
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Block block(String cidr, String name) {
        return embedding(cidr, name, -1);
    }

    private static Block embedding(String cidr, String name, int embeddedV4) {
        int slash = cidr.indexOf('/');
        try {
            // literals only: getByName never queries DNS for them; bytes are taken raw (no ::ffff: folding)
            byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            if (cidr.startsWith("::ffff:")) {
                prefix = new byte[16];
                prefix[10] = (byte) 0xff;
                prefix[11] = (byte) 0xff;
            }
            return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), name, embeddedV4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(cidr, e);
        }
    }
}
