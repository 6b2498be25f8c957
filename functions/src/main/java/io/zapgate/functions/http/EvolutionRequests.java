package io.zapgate.functions.http;

import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.ConfigRules;
import io.zapgate.core.instance.Fields;
import io.zapgate.core.instance.ProxyPatch;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.SettingsPatch;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.core.usecase.NewInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evolution API v2 request bodies mapped onto Zapgate's instance model (the one the RyzeAPI routes use), so an
 * instance created through either API is the same instance. Every failure is a 400 naming the field.
 */
public final class EvolutionRequests {
    /** The only integration Zapgate serves (Baileys-style linked devices). */
    public static final String BAILEYS = "WHATSAPP-BAILEYS";

    static final Set<String> CREATE = Set.of(
            "instanceName",
            "token",
            "qrcode",
            "number",
            "integration",
            "rejectCall",
            "msgCall",
            "groupsIgnore",
            "alwaysOnline",
            "readMessages",
            "readStatus",
            "syncFullHistory",
            "proxyHost",
            "proxyPort",
            "proxyProtocol",
            "proxyUsername",
            "proxyPassword",
            "webhook",
            "websocket");
    static final Set<String> WEBHOOK = Set.of("enabled", "url", "headers", "byEvents", "base64", "events");
    static final Set<String> WEBSOCKET = Set.of("enabled", "events");
    static final Set<String> PRESENCES = Set.of("available", "unavailable", "composing", "recording", "paused");
    private static final Pattern EVENT = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    static final int MAX_HEADERS = 20;
    private static final Set<String> RESERVED_HEADERS =
            Set.of("content-type", "content-length", "host", "user-agent", "transfer-encoding", "connection");

    private EvolutionRequests() {}

    /** A parsed {@code POST /instance/create}: the instance, and whether to answer with a QR / pairing code. */
    public record Create(NewInstance instance, boolean qrcode, String number) {}

    public static Create create(JsonBody b) {
        b.rejectUnknown(CREATE);
        String name = b.string("instanceName");
        if (name == null || name.isBlank()) {
            throw ZapgateException.badRequest("instanceName is required");
        }
        String integration = b.string("integration");
        if (integration != null && !integration.equals(BAILEYS)) {
            if (integration.equals("WHATSAPP-BUSINESS") || integration.equals("EVOLUTION")) {
                throw ZapgateException.badRequest(
                        "integration " + integration + " is not supported: Zapgate serves " + BAILEYS + " only");
            }
            throw ZapgateException.badRequest("integration must be " + BAILEYS);
        }
        if (Boolean.TRUE.equals(b.bool("readStatus"))) {
            throw ZapgateException.badRequest(
                    "readStatus is not supported: Zapgate does not mark status messages as read");
        }
        Boolean sync = b.bool("syncFullHistory");
        Settings settings = new SettingsPatch(
                        b.bool("rejectCall"),
                        ConfigRules.text("msgCall", b.string("msgCall")),
                        b.bool("groupsIgnore"),
                        b.bool("alwaysOnline"),
                        b.bool("readMessages"),
                        sync == null ? null : !sync,
                        null)
                .applyTo(Settings.defaults());
        ProxySettings proxy = new ProxyPatch(
                        b.has("proxyHost"),
                        b.string("proxyHost"),
                        port(b),
                        b.string("proxyProtocol"),
                        b.string("proxyUsername"),
                        b.string("proxyPassword"))
                .applyTo(ProxySettings.disabled(), new Fields("proxy"));
        JsonBody hook = b.object("webhook");
        WebhookSettings webhook = hook == null ? WebhookSettings.disabled() : webhook(hook, "webhook.");
        JsonBody ws = b.object("websocket");
        WebsocketSettings websocket = ws == null ? WebsocketSettings.disabled() : websocket(ws);
        String token = b.string("token");
        String number = ConnectHandler.phone(b.string("number"));
        return new Create(
                new NewInstance(
                        name,
                        token == null || token.isBlank() ? null : token,
                        settings,
                        proxy,
                        S3Settings.disabled(),
                        webhook,
                        websocket,
                        ChatwootSettings.disabled()),
                b.bool("qrcode", false),
                number);
    }

    /** {@code proxyPort} as a string or a whole number. */
    private static String port(JsonBody b) {
        try {
            return b.string("proxyPort");
        } catch (ZapgateException notAString) {
            Integer n = b.integer("proxyPort");
            return n == null ? null : n.toString();
        }
    }

    /** The body of {@code POST /webhook/set/:instanceName}: {@code {webhook:{…}}}. */
    public static WebhookSettings webhookSet(JsonBody b) {
        b.rejectUnknown(Set.of("webhook"));
        JsonBody hook = b.object("webhook");
        if (hook == null) {
            throw ZapgateException.badRequest("webhook is required (an object with url, enabled, events, ...)");
        }
        return webhook(hook, "webhook.");
    }

    /**
     * Evolution's webhook object. Sending it turns the webhook on unless {@code enabled} is false. Without
     * {@code events} (Evolution answers 500 there) every event is sent. An {@code Authorization} header goes to
     * the sealed authorization field; the other headers are sealed too.
     */
    static WebhookSettings webhook(JsonBody w, String prefix) {
        w.rejectUnknown(WEBHOOK);
        boolean enabled = w.bool("enabled", true);
        String url = w.string("url");
        if (url != null) {
            ConfigRules.httpUrl(prefix + "url", url);
        } else if (enabled) {
            throw ZapgateException.badRequest(prefix + "url is required when the webhook is enabled");
        }
        List<String> events = w.strings("events");
        List<String> checked = new ArrayList<>();
        if (events != null) {
            if (events.size() > ConfigRules.MAX_EVENTS) {
                throw ZapgateException.badRequest(prefix + "events takes at most " + ConfigRules.MAX_EVENTS);
            }
            for (String e : events) {
                String upper = e.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
                if (!EVENT.matcher(upper).matches()) {
                    throw ZapgateException.badRequest(
                            prefix + "events must be Evolution event names such as CONNECTION_UPDATE");
                }
                if (!checked.contains(upper)) {
                    checked.add(upper);
                }
            }
        }
        String authorization = null;
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> given = w.stringMap("headers");
        if (given != null) {
            if (given.size() > MAX_HEADERS) {
                throw ZapgateException.badRequest(prefix + "headers takes at most " + MAX_HEADERS + " headers");
            }
            for (var h : given.entrySet()) {
                String n = h.getKey();
                String lower = n.toLowerCase(Locale.ROOT);
                if (!HEADER_NAME.matcher(n).matches()) {
                    throw ZapgateException.badRequest(prefix + "headers has an invalid header name");
                }
                if (RESERVED_HEADERS.contains(lower) || lower.startsWith("x-zapgate-")) {
                    throw ZapgateException.badRequest(prefix + "headers." + n + " cannot be set");
                }
                String v = ConfigRules.text(prefix + "headers." + n, h.getValue());
                if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                    throw ZapgateException.badRequest(prefix + "headers." + n + " must be one line");
                }
                if (lower.equals("authorization")) {
                    authorization = v;
                } else {
                    headers.put(n, v);
                }
            }
        }
        return new WebhookSettings(
                enabled,
                url == null ? List.of() : List.of(url),
                authorization,
                w.bool("byEvents", false),
                checked,
                w.bool("base64", false),
                // a new instance's secret; /webhook/set keeps the stored one (ConfigureInstance.setWebhook)
                "whsec_" + io.zapgate.core.auth.Tokens.generate(),
                WebhookSettings.Format.EVOLUTION,
                headers,
                null);
    }

    /**
     * Evolution's websocket object, onto Zapgate's event stream: {@code CONNECTION_UPDATE} or {@code
     * QRCODE_UPDATED} subscribe to {@code instance.state} (the stream keeps Zapgate's envelope).
     */
    static WebsocketSettings websocket(JsonBody w) {
        w.rejectUnknown(WEBSOCKET);
        List<String> events = w.strings("events");
        List<String> mapped = new ArrayList<>();
        if (events != null) {
            for (String e : events) {
                String upper = e.replace('.', '_').toUpperCase(Locale.ROOT);
                if (!EVENT.matcher(upper).matches()) {
                    throw ZapgateException.badRequest(
                            "websocket.events must be Evolution event names such as CONNECTION_UPDATE");
                }
                String ours =
                        upper.equals("CONNECTION_UPDATE") || upper.equals("QRCODE_UPDATED") ? "instance.state" : upper;
                if (!mapped.contains(ours)) {
                    mapped.add(ours);
                }
            }
        }
        return new WebsocketSettings(w.bool("enabled", true), ConfigRules.events("websocket.events", mapped), false);
    }

    /** {@code setPresence}'s {@code presence}: one of Evolution's five values. */
    public static String presence(JsonBody b) {
        b.rejectUnknown(Set.of("presence"));
        String p = b.string("presence");
        if (p == null || !PRESENCES.contains(p)) {
            throw ZapgateException.badRequest(
                    "presence must be one of available, unavailable, composing, recording, paused");
        }
        return p;
    }
}
