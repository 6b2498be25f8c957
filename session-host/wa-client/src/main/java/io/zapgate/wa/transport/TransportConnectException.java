package io.zapgate.wa.transport;

/**
 * Opening a {@link FrameSocket} failed: TCP connect, proxy negotiation (including proxy
 * authentication), TLS, the WebSocket upgrade, or the overall connect timeout. The message names
 * the target URL and the proxy (never its password); the cause is the underlying failure, e.g.
 * {@link java.net.ConnectException}, {@code io.netty.handler.proxy.ProxyConnectException},
 * {@link javax.net.ssl.SSLException} or {@link java.util.concurrent.TimeoutException}. A proxy that
 * rejected the credentials is reported as the subclass {@link ProxyAuthenticationException}.
 */
public class TransportConnectException extends TransportException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, including target and proxy
     * @param cause the underlying failure
     */
    public TransportConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
