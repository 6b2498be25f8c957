package io.zapgate.functions.http;

import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.ConfigRules;
import io.zapgate.core.instance.Fields;
import io.zapgate.core.instance.ProxyPatch;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Patch;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.SettingsPatch;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.core.usecase.NewInstance;
import java.util.List;
import java.util.Set;

/** Turns request bodies into validated domain values; every failure is a 400 naming the field. */
public final class RequestParsers {
    static final Set<String> SETTINGS = Set.of(
            "autoRejectCalls",
            "callRejectMessage",
            "ignoreGroupMessages",
            "keepOnlineStatus",
            "autoReadMessages",
            "disableHistorySync",
            "ignoreStatus");
    static final Set<String> PROXY = Set.of("enabled", "host", "port", "protocol", "username", "password");
    static final Set<String> S3 =
            Set.of("enabled", "region", "bucket", "accessKey", "secretKey", "endpoint", "pathPrefix");
    static final Set<String> CREATE = Set.of(
            "name",
            "token",
            "proxyEnabled",
            "proxyHost",
            "proxyPort",
            "proxyProtocol",
            "proxyUsername",
            "proxyPassword",
            "webhookEnabled",
            "webhookURL",
            "webhookAuthorization",
            "webhookByEvents",
            "webhookEvents",
            "webhookMediaBase64",
            "webhookSecret",
            "websocketEnabled",
            "websocketEvents",
            "websocketMediaBase64",
            "chatwootEnabled",
            "chatwootBaseUrl",
            "chatwootAccountId",
            "chatwootApiToken",
            "chatwootInboxName",
            "chatwootSignMessages",
            "chatwootIgnoreGroups",
            "chatwootStartAsPending",
            "chatwootReopenResolved",
            "autoRejectCalls",
            "callRejectMessage",
            "ignoreGroupMessages",
            "keepOnlineStatus",
            "autoReadMessages",
            "disableHistorySync",
            "ignoreStatus",
            "s3Enabled",
            "s3Region",
            "s3Bucket",
            "s3AccessKey",
            "s3SecretKey",
            "s3Endpoint",
            "s3PathPrefix");

    private RequestParsers() {}

    public static SettingsPatch settings(JsonBody b) {
        return new SettingsPatch(
                b.bool("autoRejectCalls"),
                ConfigRules.text("callRejectMessage", b.string("callRejectMessage")),
                b.bool("ignoreGroupMessages"),
                b.bool("keepOnlineStatus"),
                b.bool("autoReadMessages"),
                b.bool("disableHistorySync"),
                b.bool("ignoreStatus"));
    }

    /** The proxy route's body ({@code enabled, host, port, protocol, username, password}). */
    public static ProxyPatch proxy(JsonBody b) {
        return new ProxyPatch(
                b.bool("enabled"),
                b.string("host"),
                port(b, "port"),
                b.string("protocol"),
                b.string("username"),
                b.string("password"));
    }

    public static S3Patch s3(JsonBody b) {
        return new S3Patch(
                b.bool("enabled"),
                b.string("region"),
                b.string("bucket"),
                b.string("accessKey"),
                b.string("secretKey"),
                b.string("endpoint"),
                b.string("pathPrefix"));
    }

    /** A port as the contract sends it (a string); a whole number is accepted too. */
    private static String port(JsonBody b, String field) {
        try {
            return b.string(field);
        } catch (ZapgateException notAString) {
            Integer n = b.integer(field);
            return n == null ? null : n.toString();
        }
    }

    /** The body of {@code POST /api/instance/new}, with its inline blocks. */
    public static NewInstance newInstance(JsonBody b) {
        b.rejectUnknown(CREATE);
        Settings settings = new SettingsPatch(
                        b.bool("autoRejectCalls"),
                        ConfigRules.text("callRejectMessage", b.string("callRejectMessage")),
                        b.bool("ignoreGroupMessages"),
                        b.bool("keepOnlineStatus"),
                        b.bool("autoReadMessages"),
                        b.bool("disableHistorySync"),
                        b.bool("ignoreStatus"))
                .applyTo(Settings.defaults());
        Fields px = new Fields("proxy");
        ProxySettings proxy = new ProxyPatch(
                        enabled(b, "proxyEnabled", "proxyHost"),
                        b.string("proxyHost"),
                        port(b, "proxyPort"),
                        b.string("proxyProtocol"),
                        b.string("proxyUsername"),
                        b.string("proxyPassword"))
                .applyTo(ProxySettings.disabled(), px);
        S3Settings s3 = new S3Patch(
                        enabled(b, "s3Enabled", "s3Bucket"),
                        b.string("s3Region"),
                        b.string("s3Bucket"),
                        b.string("s3AccessKey"),
                        b.string("s3SecretKey"),
                        b.string("s3Endpoint"),
                        b.string("s3PathPrefix"))
                .applyTo(S3Settings.disabled(), new Fields("s3"));
        return new NewInstance(
                b.string("name"), b.string("token"), settings, proxy, s3, webhook(b), websocket(b), chatwoot(b));
    }

    /** A block is on when its flag says so, or, without a flag, when its main field is given. */
    private static boolean enabled(JsonBody b, String flag, String mainField) {
        Boolean on = b.bool(flag);
        return on != null ? on : b.has(mainField);
    }

    private static WebhookSettings webhook(JsonBody b) {
        List<String> urls = b.stringOrStrings("webhookURL");
        List<String> events = b.strings("webhookEvents");
        // malformed values are a 400 even when the block is off: never silently dropped
        if (events != null) {
            ConfigRules.events("webhookEvents", events);
        }
        if (urls != null) {
            urls.forEach(u -> ConfigRules.httpUrl("webhookURL", u));
        }
        if (!enabled(b, "webhookEnabled", "webhookURL")) {
            return WebhookSettings.disabled();
        }
        if (urls == null || urls.isEmpty()) {
            throw ZapgateException.badRequest("webhookURL is required when the webhook is enabled");
        }
        if (urls.size() > WebhookSettings.MAX_URLS) {
            throw ZapgateException.badRequest("webhookURL takes at most " + WebhookSettings.MAX_URLS + " URLs");
        }
        urls.forEach(u -> ConfigRules.httpUrl("webhookURL", u));
        return new WebhookSettings(
                true,
                urls,
                ConfigRules.text("webhookAuthorization", b.string("webhookAuthorization")),
                b.bool("webhookByEvents", false),
                ConfigRules.events("webhookEvents", events == null ? List.of() : events),
                b.bool("webhookMediaBase64", false),
                signingSecret(b.string("webhookSecret")));
    }

    /** The webhook signing secret: the caller's (16–256 characters) or a new random one. */
    private static String signingSecret(String given) {
        if (given == null) {
            return "whsec_" + io.zapgate.core.auth.Tokens.generate();
        }
        if (given.length() < 16 || given.length() > 256) {
            throw ZapgateException.badRequest("webhookSecret must be 16-256 characters");
        }
        return given;
    }

    private static WebsocketSettings websocket(JsonBody b) {
        List<String> events = b.strings("websocketEvents");
        if (events != null) {
            ConfigRules.events("websocketEvents", events);
        }
        if (!b.bool("websocketEnabled", false)) {
            return WebsocketSettings.disabled();
        }
        return new WebsocketSettings(
                true,
                ConfigRules.events("websocketEvents", events == null ? List.of() : events),
                b.bool("websocketMediaBase64", false));
    }

    private static ChatwootSettings chatwoot(JsonBody b) {
        String baseUrl = b.string("chatwootBaseUrl");
        Integer accountId = b.integer("chatwootAccountId");
        String apiToken = b.string("chatwootApiToken");
        String inbox = ConfigRules.text("chatwootInboxName", b.string("chatwootInboxName"));
        if (!enabled(b, "chatwootEnabled", "chatwootBaseUrl")) {
            return ChatwootSettings.disabled();
        }
        ConfigRules.httpUrl("chatwootBaseUrl", baseUrl);
        if (accountId == null || accountId < 1) {
            throw ZapgateException.badRequest("chatwootAccountId must be a positive whole number");
        }
        ConfigRules.required("chatwootApiToken", apiToken);
        return new ChatwootSettings(
                true,
                baseUrl,
                accountId,
                apiToken,
                inbox,
                b.bool("chatwootSignMessages", false),
                b.bool("chatwootIgnoreGroups", false),
                b.bool("chatwootStartAsPending", false),
                b.bool("chatwootReopenResolved", false));
    }
}
