package io.zapgate.aws;

import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.ConnectTimeline;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** CommandResult ↔ results-table item (also as it appears in a stream record's NewImage). */
final class CommandResultItems {
    private CommandResultItems() {}

    static Map<String, AttributeValue> toItem(CommandResult r, long expiresAtEpochSeconds) {
        return Attrs.of()
                .s("requestId", r.requestId())
                .s("accountId", r.accountId())
                .s("instanceName", r.instanceName())
                .s("kind", r.kind().name())
                .s("qrCode", r.qrCode())
                .t("qrExpiresAt", r.expiresAt())
                .s("pairingCode", r.pairingCode())
                .s("message", r.message())
                .t("at", r.at())
                .s(
                        "stages",
                        r.timeline() == null || r.timeline().isEmpty()
                                ? null
                                : r.timeline().encode())
                .n("expiresAt", expiresAtEpochSeconds)
                .build();
    }

    static CommandResult fromItem(Map<String, AttributeValue> m) {
        return new CommandResult(
                Attrs.str(m, "requestId"),
                Attrs.str(m, "accountId"),
                Attrs.str(m, "instanceName"),
                CommandResult.Kind.valueOf(Attrs.str(m, "kind")),
                Attrs.str(m, "qrCode"),
                Attrs.time(m, "qrExpiresAt"),
                Attrs.str(m, "pairingCode"),
                Attrs.str(m, "message"),
                Attrs.time(m, "at"),
                Attrs.str(m, "stages") == null ? null : ConnectTimeline.decode(Attrs.str(m, "stages")));
    }
}
