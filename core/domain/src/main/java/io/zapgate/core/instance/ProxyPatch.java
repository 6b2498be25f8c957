package io.zapgate.core.instance;

import io.zapgate.core.error.ZapgateException;

/**
 * A proxy update: null fields keep their current value. {@code enabled=false} clears the block (and its
 * password). An enabled proxy needs host, port and protocol.
 */
public record ProxyPatch(Boolean enabled, String host, String port, String protocol, String username, String password) {

    public boolean isEmpty() {
        return enabled == null
                && host == null
                && port == null
                && protocol == null
                && username == null
                && password == null;
    }

    public ProxySettings applyTo(ProxySettings current, Fields f) {
        // a malformed value is a 400 even when the block ends up off: it is never silently dropped
        if (host != null) {
            ConfigRules.host(f.name("host"), host);
        }
        if (port != null) {
            ConfigRules.port(f.name("port"), port);
        }
        if (protocol != null) {
            ProxyProtocol.parse(f.name("protocol"), protocol);
        }
        boolean on = enabled != null ? enabled : current.enabled();
        if (!on) {
            return ProxySettings.disabled();
        }
        String h = host != null ? ConfigRules.publicHost(f.name("host"), host) : current.host();
        String p = port != null ? ConfigRules.port(f.name("port"), port) : current.port();
        ProxyProtocol proto = protocol != null ? ProxyProtocol.parse(f.name("protocol"), protocol) : current.protocol();
        String user = username != null ? ConfigRules.text(f.name("username"), username) : current.username();
        String pass = password != null ? ConfigRules.text(f.name("password"), password) : current.password();
        if (h == null) {
            throw ZapgateException.badRequest(f.name("host") + " is required when the proxy is enabled");
        }
        if (p == null) {
            throw ZapgateException.badRequest(f.name("port") + " is required when the proxy is enabled");
        }
        if (proto == null) {
            throw ZapgateException.badRequest(f.name("protocol") + " is required when the proxy is enabled");
        }
        if (proto == ProxyProtocol.SOCKS5 && (utf8Length(user) > 255 || utf8Length(pass) > 255)) {
            // RFC 1929: SOCKS5 username and password are at most 255 bytes each
            throw ZapgateException.badRequest(f.name("username") + " and " + f.name("password")
                    + " must be at most 255 bytes each for a socks5 proxy");
        }
        if (pass != null && (user == null || user.isEmpty())) {
            throw ZapgateException.badRequest(f.name("username") + " is required with " + f.name("password"));
        }
        return new ProxySettings(true, h, p, proto, emptyToNull(user), emptyToNull(pass));
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
