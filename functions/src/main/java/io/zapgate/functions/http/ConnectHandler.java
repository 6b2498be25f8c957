package io.zapgate.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.auth.Principal;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.ConnectTimeline;
import io.zapgate.core.usecase.LinkInstance;
import io.zapgate.functions.support.Services;

/**
 * {@code GET /api/instance/connect/:instance[?number=E164][&history=N]}: starts a link and answers with the
 * first QR code (or pairing code) in the same response, within the gateway's 30 s. Logs one {@code connect
 * timeline} line (INFO) per answered connect: each {@linkplain ConnectTimeline stage}'s offset from HTTP in.
 */
public final class ConnectHandler extends ApiHandler {
    private static final Log LOG = Log.get(ConnectHandler.class);
    static final int MAX_HISTORY_DAYS = 3650;

    public ConnectHandler() {
        this(Services.fromEnvironment());
    }

    public ConnectHandler(Services services) {
        super(services, RateLimitClass.GLOBAL);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request, Principal caller) {
        String number = phone(request.query("number"));
        Integer history = history(request.query("history"));
        ConnectTimeline timeline = new ConnectTimeline().stamp(ConnectTimeline.Stage.HTTP_IN, request.receivedAt());
        LinkInstance.Linking r = services.link.connect(caller, request.instanceParam(), number, history, timeline);
        ObjectNode out;
        if (r.kind() == CommandResult.Kind.ALREADY_CONNECTED) {
            out = ApiResponses.success("Instance already connected");
            out.put("status", "connected");
        } else if (r.kind() == CommandResult.Kind.PAIRING_CODE) {
            out = ApiResponses.success("Pairing code generated");
            out.put("pairingCode", r.pairingCode());
            out.put("status", "qr");
        } else {
            out = ApiResponses.success("QR code generated");
            out.put("qrCode", r.qrCode());
            out.put("qrCodeBase64", QrImages.pngDataUrl(r.qrCode()));
            out.put("status", "qr");
            if (r.expiresAt() != null) {
                out.put("expiresAt", r.expiresAt().toEpochMilli());
            }
        }
        APIGatewayV2HTTPResponse response = ApiResponses.json(200, out);
        if (r.requestId() != null) {
            timeline.stamp(ConnectTimeline.Stage.HTTP_OUT);
            LOG.info("connect timeline", timeline.logFields(r.requestId()));
        }
        return response;
    }

    /** E.164: an optional +, then 7–15 digits (spaces and dashes are tolerated and dropped). */
    static String phone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String digits = raw.trim().replaceAll("[\\s-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (!digits.matches("[1-9][0-9]{6,14}")) {
            throw ZapgateException.badRequest(
                    "number must be a phone number in international format, e.g. " + "+5511987654321");
        }
        return digits;
    }

    static Integer history(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            int days = Integer.parseInt(raw.trim());
            if (days >= 1 && days <= MAX_HISTORY_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw ZapgateException.badRequest("history must be a whole number of days from 1 to " + MAX_HISTORY_DAYS);
    }
}
