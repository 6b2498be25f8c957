package io.zapgate.functions.events;

import io.zapgate.core.net.BlockedAddressException;
import io.zapgate.core.net.GuardedResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Turns a webhook URL into the addresses the sender may connect to: the host is resolved ONCE and EVERY
 * address it resolves to must lie outside the special-purpose ranges (loopback, private, link-local such as
 * the instance metadata service, unique-local, NAT64 or 6to4 wrappers of those, …; see
 * {@link io.zapgate.core.net.SpecialAddresses}). The sender then connects to one of these very addresses, so
 * a DNS answer that changes between the check and the connection (DNS rebinding) cannot reach an internal
 * service. {@code allowPrivate} (local stack and tests only) skips the range check, not the single resolution.
 */
public final class UrlGuard {
    private final GuardedResolver resolver;

    public UrlGuard(GuardedResolver resolver) {
        this.resolver = resolver;
    }

    /** The system resolver. */
    public UrlGuard(boolean allowPrivate) {
        this(new GuardedResolver(allowPrivate));
    }

    /** A checked webhook target: where to connect, and the name to present (TLS server name, Host header). */
    public record Target(URI uri, String host, int port, boolean tls, List<InetAddress> addresses) {
        /** The request target: path and query as given, {@code /} when empty. */
        public String requestTarget() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }

        /** The Host header: the URL's host (IPv6 literals bracketed) and its port when the URL names one. */
        public String hostHeader() {
            return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        }
    }

    /** A URL that will never be called (invalid, or on a refused address): retrying cannot help. */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /**
     * @throws Refused the URL is not an http(s) URL with a host, or its host resolves to a refused address
     * @throws UnknownHostException its host does not resolve (now: the delivery is retried)
     */
    public Target check(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Refused("webhook URL is not valid", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getHost().isEmpty()
                || uri.getRawUserInfo() != null) {
            throw new Refused("webhook URL is not valid", null);
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        String host = uri.getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            return new Target(uri, bare, port, tls, resolver.resolve(host));
        } catch (BlockedAddressException e) {
            throw new Refused("webhook host resolves to a private or reserved address: " + e.getMessage(), e);
        }
    }
}
