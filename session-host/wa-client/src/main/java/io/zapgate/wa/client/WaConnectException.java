package io.zapgate.wa.client;

import io.zapgate.wa.events.ConnectAttemptFailed;

/**
 * Opening a connection failed before the server spoke: transport, certificate, handshake or timeout. Fails the
 * future of {@link WaClient#connect()}; the same failure is also emitted as {@link ConnectAttemptFailed}.
 */
public final class WaConnectException extends Exception {
    private final ConnectAttemptFailed.Cause failure;

    WaConnectException(ConnectAttemptFailed.Cause failure, String message, Throwable cause) {
        super(failure + ": " + message, cause);
        this.failure = failure;
    }

    /** @return which step failed */
    public ConnectAttemptFailed.Cause failure() {
        return failure;
    }
}
