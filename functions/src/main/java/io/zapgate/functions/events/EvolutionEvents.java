package io.zapgate.functions.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.functions.http.QrImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Zapgate's {@code instance.state} events in Evolution API v2's webhook envelope {@code {event, instance, data,
 * destination, date_time, sender, server_url, apikey}}: a state change is a {@code connection.update}, a QR
 * code (first or rotated) a {@code qrcode.updated}; a change to {@code connecting} that carries a QR is both.
 */
public final class EvolutionEvents {
    public static final String CONNECTION_UPDATE = "connection.update";
    public static final String QRCODE_UPDATED = "qrcode.updated";
    /** The events a webhook set through the Evolution routes may name (UPPER_SNAKE, as Evolution configures them). */
    public static final List<String> SUPPORTED = List.of("CONNECTION_UPDATE", "QRCODE_UPDATED");

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvolutionEvents() {}

    /** One webhook call: the Evolution event name, its body and the URL it goes to. */
    public record Call(String event, String body, String url) {}

    /** Evolution's state names: connected → open, connecting → connecting, anything else → close. */
    public static String state(InstanceState s) {
        return switch (s) {
            case CONNECTED -> "open";
            case CONNECTING -> "connecting";
            default -> "close";
        };
    }

    /**
     * The WhatsApp (Baileys) status code Evolution shows as {@code statusReason} / {@code
     * disconnectionReasonCode} for a reason: 401 logged out, 403 banned, 440 replaced, 428 connection closed,
     * 408 QR timeout, 405 client outdated, 503 host shutdown, 500 session unreadable.
     */
    public static int statusCode(DisconnectReason r) {
        return switch (r) {
            case LOGGED_OUT -> 401;
            case BANNED, TEMP_BANNED -> 403;
            case REPLACED -> 440;
            case NETWORK -> 428;
            case QR_TIMEOUT -> 408;
            case CLIENT_OUTDATED -> 405;
            case HOST_SHUTDOWN -> 503;
            case SESSION_UNREADABLE -> 500;
        };
    }

    /** {@code CONNECTION_UPDATE} for {@code connection.update}. */
    public static String configName(String event) {
        return event.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    /** The calls one event makes for this webhook (filtered by its {@code events}; empty list = every event). */
    public static List<Call> calls(Instance instance, InstanceEvent e, String url) {
        WebhookSettings w = instance.webhook();
        List<Call> out = new ArrayList<>();
        boolean qr = e.qrCode() != null && !e.qrCode().isBlank() && e.state() == InstanceState.CONNECTING;
        boolean change = e.previous() != e.state() || !qr;
        if (change && wanted(w, CONNECTION_UPDATE)) {
            ObjectNode data = JSON.createObjectNode();
            data.put("instance", e.instanceName());
            data.put("state", state(e.state()));
            data.put("statusReason", e.reason() == null ? 200 : statusCode(e.reason()));
            if (e.state() == InstanceState.CONNECTED) {
                data.put("wuid", e.numberJid());
                data.put("profileName", instance.profile().name());
                data.put("profilePictureUrl", instance.profile().pictureUrl());
            }
            out.add(call(
                    CONNECTION_UPDATE,
                    envelope(CONNECTION_UPDATE, instance, e, data, target(w, url, CONNECTION_UPDATE)),
                    w,
                    url));
        }
        if (qr && wanted(w, QRCODE_UPDATED)) {
            ObjectNode data = JSON.createObjectNode();
            ObjectNode code = data.putObject("qrcode");
            code.put("instance", e.instanceName());
            code.putNull("pairingCode");
            code.put("code", e.qrCode());
            code.put("base64", QrImages.pngDataUrl(e.qrCode()));
            out.add(call(
                    QRCODE_UPDATED,
                    envelope(QRCODE_UPDATED, instance, e, data, target(w, url, QRCODE_UPDATED)),
                    w,
                    url));
        }
        return out;
    }

    private static Call call(String event, String body, WebhookSettings w, String url) {
        return new Call(event, body, target(w, url, event));
    }

    private static boolean wanted(WebhookSettings w, String event) {
        return w.events().isEmpty() || w.events().contains(configName(event));
    }

    /**
     * Evolution's envelope. {@code apikey} is null: Zapgate keeps only a hash of each token, so it cannot echo
     * one (receivers authenticate the call by its signature or the configured headers instead).
     */
    private static String envelope(
            String event, Instance instance, InstanceEvent e, ObjectNode data, String destination) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", event);
        n.put("instance", e.instanceName());
        n.set("data", data);
        n.put("destination", destination);
        n.put("date_time", e.at().toString());
        n.put(
                "sender",
                e.numberJid() != null ? e.numberJid() : instance.connection().numberJid());
        n.putNull("server_url");
        n.putNull("apikey");
        return n.toString();
    }

    /** With {@code byEvents}: {@code url + "/connection-update"}. */
    public static String target(WebhookSettings w, String url, String event) {
        if (!w.byEvents()) {
            return url;
        }
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/" + event.replace('.', '-');
    }
}
