package io.zapgate.sessionhost.session;

import io.zapgate.core.log.Log;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResult.Kind;
import java.time.Instant;

/** Writes command results of one instance for the Lambda that waits on their request id. */
final class ResultWriter {
    private static final Log LOG = Log.get(ResultWriter.class);
    private final String accountId;
    private final String instanceName;
    private final SessionPorts ports;

    ResultWriter(String accountId, String instanceName, SessionPorts ports) {
        this.accountId = accountId;
        this.instanceName = instanceName;
        this.ports = ports;
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
        ports.results()
                .publish(new CommandResult(
                        requestId,
                        accountId,
                        instanceName,
                        kind,
                        qr,
                        expiresAt,
                        pairing,
                        message,
                        ports.clock().instant()));
        LOG.info("command result", "instance", instanceName, "requestId", requestId, "kind", kind.name());
    }
}
