package io.zapgate.sessionhost.session;

import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.core.session.SessionLeases.Lease;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Writes command results of one instance for the Lambda that waits on their request id. A session's writer is
 * fenced: each result is written only while the session's lease (owner and fencing token) is still this host's;
 * a refused one is not written and tells the session ({@code onFencedOut}), which is then abandoned.
 */
final class ResultWriter {
    private static final Log LOG = Log.get(ResultWriter.class);
    private final String accountId;
    private final String instanceName;
    private final SessionPorts ports;
    /** The lease results are fenced by; null = unfenced (results of a command handled without a session). */
    private final Supplier<Lease> lease;

    private final Runnable onFencedOut;

    ResultWriter(String accountId, String instanceName, SessionPorts ports) {
        this(accountId, instanceName, ports, null, null);
    }

    ResultWriter(
            String accountId, String instanceName, SessionPorts ports, Supplier<Lease> lease, Runnable onFencedOut) {
        this.accountId = accountId;
        this.instanceName = instanceName;
        this.ports = ports;
        this.lease = lease;
        this.onFencedOut = onFencedOut;
    }

    void qr(String requestId, String qrCode, Instant expiresAt) {
        write(requestId, Kind.QR, qrCode, expiresAt, null, null);
    }

    void pairingCode(String requestId, String code) {
        write(requestId, Kind.PAIRING_CODE, null, null, code, null);
    }

    /** A result without a code: ALREADY_CONNECTED, DONE, or FAILED with {@code message}. */
    void outcome(String requestId, Kind kind, String message) {
        write(requestId, kind, null, null, null, message);
    }

    private void write(String requestId, Kind kind, String qr, Instant expiresAt, String pairing, String message) {
        if (requestId == null || requestId.isBlank()) {
            return;
        }
        CommandResult result = new CommandResult(
                requestId,
                accountId,
                instanceName,
                kind,
                qr,
                expiresAt,
                pairing,
                message,
                ports.clock().instant());
        if (lease == null) {
            ports.results().publish(result);
        } else if (!ports.results().publish(result, lease.get())) {
            LOG.warn(
                    "command result refused: a newer lease owner holds the instance; its session stops",
                    "instance",
                    instanceName,
                    "requestId",
                    requestId,
                    "kind",
                    kind.name());
            onFencedOut.run();
            return;
        }
        LOG.info("command result", "instance", instanceName, "requestId", requestId, "kind", kind.name());
    }
}
