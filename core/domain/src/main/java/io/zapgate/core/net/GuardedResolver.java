package io.zapgate.core.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Resolves a tenant-chosen host exactly once and refuses it when ANY of its addresses is in a
 * {@link SpecialAddresses special-purpose range}. Callers must connect to one of the returned addresses (never
 * resolve the name again): a second lookup could answer differently (DNS rebinding: a public address for the
 * check, 169.254.169.254 for the connection).
 *
 * <p>{@code allowPrivate} turns the check off (resolution stays single): for the local stack and tests, whose
 * receivers and proxies listen on loopback. It must stay off in AWS.
 */
public final class GuardedResolver {

    /** Port: the name lookup (the system resolver, or a scripted one in tests). */
    @FunctionalInterface
    public interface Dns {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    /** The JVM's resolver. */
    public static final Dns SYSTEM = InetAddress::getAllByName;

    private final boolean allowPrivate;
    private final Dns dns;

    public GuardedResolver(boolean allowPrivate, Dns dns) {
        this.allowPrivate = allowPrivate;
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** The system resolver. */
    public GuardedResolver(boolean allowPrivate) {
        this(allowPrivate, SYSTEM);
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /**
     * @param host a host name or IP literal (an IPv6 literal may be bracketed)
     * @return every address of the host, all checked, in the resolver's order (never empty)
     * @throws UnknownHostException the host does not resolve (may be temporary)
     * @throws BlockedAddressException one of its addresses is in a special-purpose range (permanent)
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException, BlockedAddressException {
        if (host == null || host.isBlank()) {
            throw new UnknownHostException("no host");
        }
        InetAddress[] all = dns.lookup(host);
        if (all == null || all.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!allowPrivate) {
            for (InetAddress a : all) {
                String range = SpecialAddresses.blockedRange(a);
                if (range != null) {
                    throw new BlockedAddressException(host, a, range);
                }
            }
        }
        return List.of(all);
    }
}
