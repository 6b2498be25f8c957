package io.zapgate.wa.transport;

/**
 * The proxy rejected the connection's credentials (or demanded credentials that were not given):
 * SOCKS5 username/password failure or method rejection, or HTTP {@code 407 Proxy Authentication Required}.
 * The cause is Netty's {@code ProxyConnectException}.
 */
public final class ProxyAuthenticationException extends TransportConnectException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, including target and proxy (never the password)
     * @param cause the underlying proxy failure
     */
    public ProxyAuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
