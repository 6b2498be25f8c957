package io.zapgate.wa.transport;

import io.netty.handler.ssl.SslContext;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable description of the proxy one connection goes through. Applied per connection, never
 * JVM-wide. {@link #toString()} never prints the password.
 *
 * <ul>
 *   <li>{@link Type#HTTP}: HTTP {@code CONNECT} proxy reached in clear; credentials as
 *       {@code Proxy-Authorization: Basic}.
 *   <li>{@link Type#HTTPS}: HTTP {@code CONNECT} proxy reached over TLS (JDK default trust and
 *       hostname verification, unless {@link #withTlsContext} supplies a context).
 *   <li>{@link Type#SOCKS5}: SOCKS5 with optional username/password authentication (RFC 1929); the
 *       target host name is resolved by the proxy.
 * </ul>
 */
public final class ProxyConfig {

    /** Proxy protocol. */
    public enum Type {
        HTTP,
        HTTPS,
        SOCKS5
    }

    private final Type type;
    private final String host;
    private final int port;
    private final String username;
    private final String password;
    private final SslContext tlsContext;
    private final ProxyResolver resolver;

    private ProxyConfig(Type type, String host, int port, String username, String password, SslContext tls) {
        this(type, host, port, username, password, tls, ProxyResolver.SYSTEM);
    }

    private ProxyConfig(
            Type type,
            String host,
            int port,
            String username,
            String password,
            SslContext tls,
            ProxyResolver resolver) {
        this.type = Objects.requireNonNull(type, "type");
        this.host = Objects.requireNonNull(host, "host").strip();
        if (this.host.isEmpty()) {
            throw new IllegalArgumentException("proxy host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("proxy username and password must be given together");
        }
        if (type == Type.SOCKS5 && username != null && (utf8Length(username) > 255 || utf8Length(password) > 255)) {
            throw new IllegalArgumentException("SOCKS5 username/password are limited to 255 bytes");
        }
        if (tls != null && (type != Type.HTTPS || !tls.isClient())) {
            throw new IllegalArgumentException("a TLS context needs type HTTPS and a client SslContext");
        }
        this.port = port;
        this.username = username;
        this.password = password;
        this.tlsContext = tls;
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /**
     * @param type the proxy protocol
     * @param host proxy host name or address
     * @param port proxy port
     * @return a proxy without credentials
     */
    public static ProxyConfig of(Type type, String host, int port) {
        return new ProxyConfig(type, host, port, null, null, null);
    }

    /** @return an HTTP CONNECT proxy in clear, without credentials */
    public static ProxyConfig http(String host, int port) {
        return of(Type.HTTP, host, port);
    }

    /** @return an HTTP CONNECT proxy over TLS, without credentials */
    public static ProxyConfig https(String host, int port) {
        return of(Type.HTTPS, host, port);
    }

    /** @return a SOCKS5 proxy, without credentials */
    public static ProxyConfig socks5(String host, int port) {
        return of(Type.SOCKS5, host, port);
    }

    /**
     * Parses {@code http://}, {@code https://} or {@code socks5://} (also {@code socks5h://}) URIs
     * such as {@code socks5://user:pa%40ss@10.0.0.1:1080}; user info is percent-decoded.
     *
     * @param uri the proxy URI; the port is mandatory
     * @return the configuration
     */
    public static ProxyConfig fromUri(URI uri) {
        String scheme = Objects.requireNonNull(uri.getScheme(), "proxy URI has no scheme")
                .toLowerCase(Locale.ROOT);
        Type type = switch (scheme) {
            case "http" -> Type.HTTP;
            case "https" -> Type.HTTPS;
            case "socks5", "socks5h" -> Type.SOCKS5;
            default -> throw new IllegalArgumentException("unsupported proxy scheme: " + scheme);
        };
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("proxy URI needs host and port: " + uri.getScheme() + "://…");
        }
        ProxyConfig config = of(type, uri.getHost(), uri.getPort());
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return config;
        }
        int colon = userInfo.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("proxy URI user info needs user:password");
        }
        return config.withCredentials(decode(userInfo.substring(0, colon)), decode(userInfo.substring(colon + 1)));
    }

    /**
     * @param newUsername proxy username
     * @param newPassword proxy password
     * @return a copy with these credentials
     */
    public ProxyConfig withCredentials(String newUsername, String newPassword) {
        return new ProxyConfig(
                type,
                host,
                port,
                Objects.requireNonNull(newUsername, "username"),
                Objects.requireNonNull(newPassword, "password"),
                tlsContext,
                resolver);
    }

    /**
     * Overrides the TLS client context used towards an {@link Type#HTTPS} proxy (e.g. to trust a
     * private CA in tests). Without it, the JDK default trust store and hostname verification apply.
     *
     * @param context a client {@link SslContext}
     * @return a copy using this context
     */
    public ProxyConfig withTlsContext(SslContext context) {
        return new ProxyConfig(
                type, host, port, username, password, Objects.requireNonNull(context, "context"), resolver);
    }

    /**
     * Decides where the connection to the proxy really goes: the transport resolves the proxy host once,
     * through this resolver, and connects to the first address it returns (TLS towards an HTTPS proxy still
     * names and verifies {@link #host()}). Without it, the JVM's resolver is used unchecked.
     *
     * @param newResolver e.g. one that refuses private and other special-purpose addresses
     * @return a copy using this resolver
     */
    public ProxyConfig withResolver(ProxyResolver newResolver) {
        return new ProxyConfig(type, host, port, username, password, tlsContext, newResolver);
    }

    /** @return how the proxy host is resolved (and checked) */
    public ProxyResolver resolver() {
        return resolver;
    }

    /** @return the proxy protocol */
    public Type type() {
        return type;
    }

    /** @return proxy host name or address */
    public String host() {
        return host;
    }

    /** @return proxy port */
    public int port() {
        return port;
    }

    /** @return the username, if credentials are set */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** @return the password, if credentials are set */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** @return the TLS context override for an HTTPS proxy */
    public Optional<SslContext> tlsContext() {
        return Optional.ofNullable(tlsContext);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyConfig p
                && type == p.type
                && port == p.port
                && host.equals(p.host)
                && Objects.equals(username, p.username)
                && Objects.equals(password, p.password)
                && Objects.equals(tlsContext, p.tlsContext)
                && resolver.equals(p.resolver);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, host, port, username);
    }

    @Override
    public String toString() {
        String auth = username == null ? "" : username + ":****@";
        return "ProxyConfig[" + type + " " + auth + host + ":" + port + (tlsContext == null ? "" : " customTls") + "]";
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
