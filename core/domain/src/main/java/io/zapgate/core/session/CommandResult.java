package io.zapgate.core.session;

import java.time.Instant;
import java.util.Objects;

/**
 * The session host's answer to a command that a Lambda waits for (connect, logout), matched by
 * {@code requestId}. Written once per request. {@code timeline} (may be null) carries the session host's
 * {@linkplain ConnectTimeline stages} of a connect.
 */
public record CommandResult(
        String requestId,
        String accountId,
        String instanceName,
        Kind kind,
        String qrCode,
        Instant expiresAt,
        String pairingCode,
        String message,
        Instant at,
        ConnectTimeline timeline) {
    /** What happened. */
    public enum Kind {
        /** A QR code to scan: {@code qrCode} and {@code expiresAt} are set. */
        QR,
        /** A pairing code to type on the phone: {@code pairingCode} is set ({@code ABCD-EFGH}). */
        PAIRING_CODE,
        /** The instance was already connected; nothing was started. */
        ALREADY_CONNECTED,
        /** The command completed (e.g. logged out). */
        DONE,
        /** The command failed; {@code message} says why. */
        FAILED
    }

    public CommandResult {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }

    /** A result without a timeline. */
    public CommandResult(
            String requestId,
            String accountId,
            String instanceName,
            Kind kind,
            String qrCode,
            Instant expiresAt,
            String pairingCode,
            String message,
            Instant at) {
        this(requestId, accountId, instanceName, kind, qrCode, expiresAt, pairingCode, message, at, null);
    }

    @Override
    public String toString() {
        return "CommandResult[requestId=" + requestId + ", instance=" + instanceName + ", kind=" + kind + "]";
    }
}
