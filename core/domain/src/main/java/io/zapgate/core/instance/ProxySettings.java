package io.zapgate.core.instance;

/**
 * The proxy an instance's socket goes through. The password is plaintext here and encrypted by the
 * repository adapter; it is never returned by the API and never printed.
 */
public record ProxySettings(
        boolean enabled, String host, String port, ProxyProtocol protocol, String username, String password) {

    public static ProxySettings disabled() {
        return new ProxySettings(false, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "ProxySettings[enabled=" + enabled + ", host=" + host + ", port=" + port + ", protocol=" + protocol
                + ", username=" + username + ", password=" + (password == null ? "null" : "***") + "]";
    }
}
