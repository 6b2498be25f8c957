package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.log.Log;
import io.zapgate.core.net.GuardedResolver;
import io.zapgate.wa.transport.ProxyConfig;

/** Maps an instance's proxy settings (API shape) to the transport's per-connection proxy. */
final class Proxies {
    private static final Log LOG = Log.get(Proxies.class);

    private Proxies() {}

    /**
     * @return null for a direct connection (proxy off)
     * @throws IllegalArgumentException when the stored settings cannot describe a proxy (never connect
     *     directly instead: that would leak the host's address for an instance that asked for a proxy)
     */
    static ProxyConfig toTransport(ProxySettings p) {
        if (p == null || !p.enabled()) {
            return null;
        }
        if (p.host() == null || p.port() == null || p.protocol() == null) {
            throw new IllegalArgumentException("proxy is enabled but host, port or protocol is missing");
        }
        ProxyConfig.Type type = switch (p.protocol()) {
            case HTTP -> ProxyConfig.Type.HTTP;
            case HTTPS -> ProxyConfig.Type.HTTPS;
            case SOCKS5 -> ProxyConfig.Type.SOCKS5;
        };
        int port;
        try {
            port = Integer.parseInt(p.port().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("proxy port is not a number", e);
        }
        ProxyConfig config = ProxyConfig.of(type, p.host(), port);
        if (p.username() != null && !p.username().isEmpty()) {
            config = config.withCredentials(p.username(), p.password() == null ? "" : p.password());
        }
        LOG.debug("proxy configured", "type", type.name());
        return config;
    }

    /**
     * The proxy as the socket will use it: its host resolved once per connection by {@code guard}, which refuses
     * it when any of its addresses is loopback, private, link-local (the metadata service) or otherwise
     * special-purpose, and the socket opened to that checked address (TLS to an HTTPS proxy still names and
     * verifies the configured host). The API refuses such IP literals already; this catches names.
     *
     * @return null for a direct connection
     */
    static ProxyConfig guarded(ProxyConfig proxy, GuardedResolver guard) {
        return proxy == null ? null : proxy.withResolver(guard::resolve);
    }
}
