package io.zapgate.aws;

import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.instance.ProxyProtocol;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Instance ↔ DynamoDB item. Secrets (proxy password, S3 secret key, webhook authorization and signing secret,
 * Chatwoot token) are encrypted with the instance id and field as context. A secret that cannot be decrypted
 * reads as null and is named in {@link Instance#unreadableSecrets()}, so users of the instance refuse to go on
 * without it, and one bad secret does not take the row (or an account's list) down.
 */
final class InstanceItems {
    private static final io.zapgate.core.log.Log LOG = io.zapgate.core.log.Log.get(InstanceItems.class);
    private final SecretCipher cipher;

    InstanceItems(SecretCipher cipher) {
        this.cipher = cipher;
    }

    Map<String, AttributeValue> toItem(Instance i) {
        Connection c = i.connection();
        return Attrs.of()
                .s("accountId", i.accountId())
                .s("name", i.name())
                .s("id", i.id())
                .t("createdAt", i.createdAt())
                .s("tokenHash", i.tokenHash())
                .s("state", c.state().wire())
                .s("numberJid", c.numberJid())
                .s("presenceStatus", c.presenceStatus())
                .s("displayStatus", c.displayStatus())
                .m("lastDisconnect", lastDisconnect(c.lastDisconnect()))
                .s("qrCode", c.qrCode())
                .t("qrExpiresAt", c.qrExpiresAt())
                .b("hasSession", c.hasSession())
                .m("profile", profile(i.profile()))
                .m("settings", settings(i.settings()))
                .m("proxy", proxy(i.id(), i.proxy()))
                .m("s3", s3(i.id(), i.s3()))
                .m("webhook", webhook(i.id(), i.webhook()))
                .m("websocket", websocket(i.websocket()))
                .m("chatwoot", chatwoot(i.id(), i.chatwoot()))
                .build();
    }

    Instance fromItem(Map<String, AttributeValue> m) {
        String id = Attrs.str(m, "id");
        Connection c = connection(m);
        Map<String, AttributeValue> p = Attrs.map(m, "profile");
        java.util.Set<String> unreadable = new java.util.TreeSet<>();
        Profile profile = new Profile(
                Attrs.str(p, "name"),
                Attrs.str(p, "pictureUrl"),
                Attrs.bool(p, "isBusiness"),
                Attrs.str(p, "businessName"),
                Attrs.str(p, "platform"));
        return new Instance(
                id,
                Attrs.str(m, "accountId"),
                Attrs.str(m, "name"),
                Attrs.time(m, "createdAt"),
                Attrs.str(m, "tokenHash"),
                c,
                profile,
                settings(Attrs.map(m, "settings")),
                proxy(id, Attrs.map(m, "proxy"), unreadable),
                s3(id, Attrs.map(m, "s3"), unreadable),
                webhook(id, Attrs.map(m, "webhook"), unreadable),
                websocket(Attrs.map(m, "websocket")),
                chatwoot(id, Attrs.map(m, "chatwoot"), unreadable),
                unreadable);
    }

    static Connection connection(Map<String, AttributeValue> m) {
        return new Connection(
                state(Attrs.str(m, "state")),
                Attrs.str(m, "numberJid"),
                Attrs.str(m, "presenceStatus"),
                Attrs.str(m, "displayStatus"),
                lastDisconnect(Attrs.map(m, "lastDisconnect")),
                Attrs.str(m, "qrCode"),
                Attrs.time(m, "qrExpiresAt"),
                Attrs.bool(m, "hasSession"));
    }

    /** The connection attributes as an update: SET for present values, REMOVE for absent ones. */
    static Map<String, AttributeValue> connectionAttributes(Connection c) {
        return Attrs.of()
                .s("state", c.state().wire())
                .s("numberJid", c.numberJid())
                .s("presenceStatus", c.presenceStatus())
                .s("displayStatus", c.displayStatus())
                .m("lastDisconnect", lastDisconnect(c.lastDisconnect()))
                .s("qrCode", c.qrCode())
                .t("qrExpiresAt", c.qrExpiresAt())
                .b("hasSession", c.hasSession())
                .build();
    }

    static final java.util.List<String> CONNECTION_FIELDS = java.util.List.of(
            "state",
            "numberJid",
            "presenceStatus",
            "displayStatus",
            "lastDisconnect",
            "qrCode",
            "qrExpiresAt",
            "hasSession");

    static Map<String, AttributeValue> profileAttributes(Profile p) {
        return profile(p);
    }

    private static Map<String, AttributeValue> lastDisconnect(LastDisconnect d) {
        if (d == null) {
            return null;
        }
        return Attrs.of()
                .s("reason", d.reason().wire())
                .n("code", d.code())
                .t("at", d.at())
                .t("bannedUntil", d.bannedUntil())
                .build();
    }

    private static LastDisconnect lastDisconnect(Map<String, AttributeValue> m) {
        if (m.isEmpty()) {
            return null;
        }
        DisconnectReason reason = reason(Attrs.str(m, "reason"));
        if (reason == null || Attrs.time(m, "at") == null) {
            return null;
        }
        return new LastDisconnect(reason, Attrs.integer(m, "code"), Attrs.time(m, "at"), Attrs.time(m, "bannedUntil"));
    }

    private static Map<String, AttributeValue> profile(Profile p) {
        return Attrs.of()
                .s("name", p.name())
                .s("pictureUrl", p.pictureUrl())
                .b("isBusiness", p.isBusiness())
                .s("businessName", p.businessName())
                .s("platform", p.platform())
                .build();
    }

    static Map<String, AttributeValue> settings(Settings s) {
        return Attrs.of()
                .b("autoRejectCalls", s.autoRejectCalls())
                .s("callRejectMessage", s.callRejectMessage())
                .b("ignoreGroupMessages", s.ignoreGroupMessages())
                .b("keepOnlineStatus", s.keepOnlineStatus())
                .b("autoReadMessages", s.autoReadMessages())
                .b("disableHistorySync", s.disableHistorySync())
                .b("ignoreStatus", s.ignoreStatus())
                .build();
    }

    static Settings settings(Map<String, AttributeValue> m) {
        if (m.isEmpty()) {
            return Settings.defaults();
        }
        return new Settings(
                Attrs.bool(m, "autoRejectCalls"),
                Attrs.str(m, "callRejectMessage"),
                Attrs.bool(m, "ignoreGroupMessages"),
                Attrs.bool(m, "keepOnlineStatus"),
                Attrs.bool(m, "autoReadMessages"),
                Attrs.bool(m, "disableHistorySync"),
                Attrs.bool(m, "ignoreStatus"));
    }

    Map<String, AttributeValue> proxy(String id, ProxySettings p) {
        return Attrs.of()
                .b("enabled", p.enabled())
                .s("host", p.host())
                .s("port", p.port())
                .s("protocol", p.protocol() == null ? null : p.protocol().wire())
                .s("username", p.username())
                .s("password", seal(id, "proxy.password", p.password()))
                .build();
    }

    ProxySettings proxy(String id, Map<String, AttributeValue> m) {
        return proxy(id, m, new java.util.HashSet<>());
    }

    private ProxySettings proxy(String id, Map<String, AttributeValue> m, java.util.Set<String> unreadable) {
        String proto = Attrs.str(m, "protocol");
        return new ProxySettings(
                Attrs.bool(m, "enabled"),
                Attrs.str(m, "host"),
                Attrs.str(m, "port"),
                protocol(proto),
                Attrs.str(m, "username"),
                open(id, Instance.PROXY_PASSWORD, Attrs.str(m, "password"), unreadable));
    }

    /**
     * The proxy block replacing {@code stored}: a password the change kept (the same plaintext, or absent
     * because the stored one cannot be read with this key) keeps its stored ciphertext untouched.
     */
    Map<String, AttributeValue> proxy(String id, ProxySettings p, Map<String, AttributeValue> stored) {
        Map<String, AttributeValue> next = new java.util.HashMap<>(proxy(id, p));
        keepSecret(id, "proxy.password", p.enabled(), p.password(), "password", stored, next);
        return next;
    }

    /** As {@link #proxy(String, ProxySettings, Map)}, for the S3 secret key. */
    Map<String, AttributeValue> s3(String id, S3Settings s, Map<String, AttributeValue> stored) {
        Map<String, AttributeValue> next = new java.util.HashMap<>(s3(id, s));
        keepSecret(id, "s3.secretKey", s.enabled(), s.secretKey(), "secretKey", stored, next);
        return next;
    }

    private void keepSecret(
            String id,
            String field,
            boolean enabled,
            String plain,
            String attribute,
            Map<String, AttributeValue> stored,
            Map<String, AttributeValue> next) {
        String sealed = Attrs.str(stored, attribute);
        if (enabled
                && sealed != null
                && java.util.Objects.equals(plain, open(id, field, sealed, new java.util.HashSet<>()))) {
            next.put(attribute, AttributeValue.fromS(sealed));
        }
    }

    Map<String, AttributeValue> s3(String id, S3Settings s) {
        return Attrs.of()
                .b("enabled", s.enabled())
                .s("region", s.region())
                .s("bucket", s.bucket())
                .s("accessKey", s.accessKey())
                .s("secretKey", seal(id, "s3.secretKey", s.secretKey()))
                .s("endpoint", s.endpoint())
                .s("pathPrefix", s.pathPrefix())
                .build();
    }

    S3Settings s3(String id, Map<String, AttributeValue> m) {
        return s3(id, m, new java.util.HashSet<>());
    }

    private S3Settings s3(String id, Map<String, AttributeValue> m, java.util.Set<String> unreadable) {
        return new S3Settings(
                Attrs.bool(m, "enabled"),
                Attrs.str(m, "region"),
                Attrs.str(m, "bucket"),
                Attrs.str(m, "accessKey"),
                open(id, Instance.S3_SECRET_KEY, Attrs.str(m, "secretKey"), unreadable),
                Attrs.str(m, "endpoint"),
                Attrs.str(m, "pathPrefix"));
    }

    Map<String, AttributeValue> webhook(String id, WebhookSettings w) {
        return Attrs.of()
                .b("enabled", w.enabled())
                .l("urls", w.urls())
                .s("authorization", seal(id, "webhook.authorization", w.authorization()))
                .b("byEvents", w.byEvents())
                .l("events", w.events())
                .b("mediaBase64", w.mediaBase64())
                .s("signingSecret", seal(id, "webhook.signingSecret", w.signingSecret()))
                .s(
                        "format",
                        w.format() == WebhookSettings.Format.ZAPGATE
                                ? null
                                : w.format().wire())
                .s("headers", w.headers().isEmpty() ? null : seal(id, "webhook.headers", headersJson(w.headers())))
                .s("setAt", w.setAt() == null ? null : w.setAt().toString())
                .build();
    }

    WebhookSettings webhook(String id, Map<String, AttributeValue> m) {
        return webhook(id, m, new java.util.HashSet<>());
    }

    private static String headersJson(Map<String, String> headers) {
        var node = HeadersJson.MAPPER.createObjectNode();
        headers.forEach(node::put);
        return node.toString();
    }

    private static Map<String, String> headersOf(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            HeadersJson.MAPPER
                    .readTree(json)
                    .fields()
                    .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }

    /** Only for custom webhook headers: built on first use, not when the repository class loads (cold start). */
    private static final class HeadersJson {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper();
    }

    private WebhookSettings webhook(String id, Map<String, AttributeValue> m, java.util.Set<String> unreadable) {
        return new WebhookSettings(
                Attrs.bool(m, "enabled"),
                Attrs.list(m, "urls"),
                open(id, Instance.WEBHOOK_AUTHORIZATION, Attrs.str(m, "authorization"), unreadable),
                Attrs.bool(m, "byEvents"),
                Attrs.list(m, "events"),
                Attrs.bool(m, "mediaBase64"),
                open(id, Instance.WEBHOOK_SIGNING_SECRET, Attrs.str(m, "signingSecret"), unreadable),
                WebhookSettings.Format.fromWire(Attrs.str(m, "format")),
                headersOf(open(id, Instance.WEBHOOK_HEADERS, Attrs.str(m, "headers"), unreadable)),
                Attrs.str(m, "setAt") == null ? null : java.time.Instant.parse(Attrs.str(m, "setAt")));
    }

    private static Map<String, AttributeValue> websocket(WebsocketSettings w) {
        return Attrs.of()
                .b("enabled", w.enabled())
                .l("events", w.events())
                .b("mediaBase64", w.mediaBase64())
                .build();
    }

    private static WebsocketSettings websocket(Map<String, AttributeValue> m) {
        return new WebsocketSettings(Attrs.bool(m, "enabled"), Attrs.list(m, "events"), Attrs.bool(m, "mediaBase64"));
    }

    private Map<String, AttributeValue> chatwoot(String id, ChatwootSettings c) {
        return Attrs.of()
                .b("enabled", c.enabled())
                .s("baseUrl", c.baseUrl())
                .n("accountId", c.accountId())
                .s("apiToken", seal(id, "chatwoot.apiToken", c.apiToken()))
                .s("inboxName", c.inboxName())
                .b("signMessages", c.signMessages())
                .b("ignoreGroups", c.ignoreGroups())
                .b("startAsPending", c.startAsPending())
                .b("reopenResolved", c.reopenResolved())
                .build();
    }

    private ChatwootSettings chatwoot(String id, Map<String, AttributeValue> m, java.util.Set<String> unreadable) {
        return new ChatwootSettings(
                Attrs.bool(m, "enabled"),
                Attrs.str(m, "baseUrl"),
                Attrs.integer(m, "accountId"),
                open(id, Instance.CHATWOOT_API_TOKEN, Attrs.str(m, "apiToken"), unreadable),
                Attrs.str(m, "inboxName"),
                Attrs.bool(m, "signMessages"),
                Attrs.bool(m, "ignoreGroups"),
                Attrs.bool(m, "startAsPending"),
                Attrs.bool(m, "reopenResolved"));
    }

    private String seal(String id, String field, String plain) {
        return plain == null ? null : cipher.encrypt(plain, id + "/" + field);
    }

    /**
     * A stored secret in clear. One that cannot be decrypted (another key, a tampered row, a KMS key this role
     * cannot use) reads as null and its field is added to {@code unreadable}, with an error in the log: a bad
     * secret must not take the whole row, or an account's whole list, down with it, and it is never taken for
     * an absent one (the callers check {@link Instance#unreadableSecrets()}).
     */
    private String open(String id, String field, String sealed, java.util.Set<String> unreadable) {
        if (sealed == null) {
            return null;
        }
        try {
            return cipher.decrypt(sealed, id + "/" + field);
        } catch (io.zapgate.core.crypto.SecretCipherException e) {
            unreadable.add(field);
            LOG.error(
                    "stored secret unreadable (check ZAPGATE_KMS_KEY_ID / ZAPGATE_ENCRYPTION_KEY); shown in the "
                            + "instance's unreadableSecrets until the field is set again",
                    e,
                    "instanceId",
                    id,
                    "field",
                    field);
            return null;
        }
    }

    // Rows may have been written by a newer release (stacks deploy separately): unknown values read leniently.

    private static InstanceState state(String wire) {
        try {
            return InstanceState.fromWire(wire);
        } catch (RuntimeException e) {
            LOG.warn("unknown instance state in a row; shown as disconnected", "value", String.valueOf(wire));
            return InstanceState.DISCONNECTED;
        }
    }

    private static DisconnectReason reason(String wire) {
        try {
            return wire == null ? null : DisconnectReason.fromWire(wire);
        } catch (RuntimeException e) {
            LOG.warn("unknown disconnect reason in a row; left out", "value", wire);
            return null;
        }
    }

    private static ProxyProtocol protocol(String wire) {
        try {
            return wire == null ? null : ProxyProtocol.valueOf(wire.toUpperCase(java.util.Locale.ROOT));
        } catch (RuntimeException e) {
            LOG.warn("unknown proxy protocol in a row; left out", "value", wire);
            return null;
        }
    }
}
