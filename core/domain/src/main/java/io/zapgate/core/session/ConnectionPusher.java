package io.zapgate.core.session;

/**
 * Port: sends one text frame to one open WebSocket connection (API Gateway's {@code @connections} API in the
 * cloud, the socket itself in the local stack).
 */
public interface ConnectionPusher {
    /** What became of a push that did not fail. */
    enum Result {
        /** The gateway accepted the frame for the connection. */
        OK,
        /** The connection no longer exists (HTTP 410): forget it. */
        GONE
    }

    /**
     * @throws io.zapgate.core.error.ZapgateException {@code UNAVAILABLE} for any other failure (throttled,
     *     gateway error, network)
     */
    Result push(String connectionId, String text);
}
