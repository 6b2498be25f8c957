package io.zapgate.sessionhost.session;

import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResult.Kind;
import io.zapgate.core.session.ConnectTimeline;
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
        qr(requestId, qrCode, expiresAt, null);
    }

    /** @param timeline the connect's stages so far (may be null); {@code resultWritten} is stamped here */
    void qr(String requestId, String qrCode, Instant expiresAt, ConnectTimeline timeline) {
        write(requestId, Kind.QR, qrCode, expiresAt, null, null, timeline);
    }

    void pairingCode(String requestId, String code, ConnectTimeline timeline) {
        write(requestId, Kind.PAIRING_CODE, null, null, code, null, timeline);
    }

    /** A result without a code: ALREADY_CONNECTED, DONE, or FAILED with {@code message}. */
    void outcome(String requestId, Kind kind, String message) {
        outcome(requestId, kind, message, null);
    }

    void outcome(String requestId, Kind kind, String message, ConnectTimeline timeline) {
        write(requestId, kind, null, null, null, message, timeline);
    }

    private void write(
            String requestId,
            Kind kind,
            String qr,
            Instant expiresAt,
            String pairing,
            String message,
            ConnectTimeline timeline) {
        if (requestId == null || requestId.isBlank()) {
            return;
        }
        Instant now = ports.clock().instant();
        if (timeline != null) {
            timeline.stamp(ConnectTimeline.Stage.RESULT_WRITTEN);
        }
        CommandResult result = new CommandResult(
                requestId, accountId, instanceName, kind, qr, expiresAt, pairing, message, now, timeline);
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
        LOG.info(
                "command result",
                "instance",
                instanceName,
                "requestId",
                requestId,
                "kind",
                kind.name(),
                "stages",
                timeline == null ? "" : timeline.encode());
    }
}
