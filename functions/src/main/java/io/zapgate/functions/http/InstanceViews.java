package io.zapgate.functions.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.LastDisconnect;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;
import java.util.List;

/** JSON views of an instance and its blocks. Secrets are never written: not even encrypted. */
public final class InstanceViews {
    private InstanceViews() {}

    /** What {@code list} shows per instance (and {@code new} around the token). */
    public static ObjectNode summary(Instance i) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("id", i.id());
        n.put("name", i.name());
        n.put("createdAt", i.createdAt().toString());
        n.set("connection", connection(i.connection()));
        n.set("profile", profile(i.profile()));
        n.set("webhook", webhook(i.webhook()));
        n.set("websocket", websocket(i.websocket()));
        n.set("chatwoot", chatwoot(i.chatwoot()));
        n.set("proxy", proxy(i.proxy()));
        n.set("settings", settings(i.settings()));
        n.set("s3", s3(i.s3()));
        if (!i.unreadableSecrets().isEmpty()) {
            // stored secrets that could not be decrypted: named, never their values (docs/instance-api.md §3.2)
            ArrayNode unreadable = n.putArray("unreadableSecrets");
            i.unreadableSecrets().forEach(unreadable::add);
        }
        return n;
    }

    static ObjectNode connection(Connection c) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("state", c.state().wire());
        n.put("numberJid", c.numberJid());
        n.put("presenceStatus", c.presenceStatus());
        n.put("displayStatus", c.displayStatus());
        LastDisconnect d = c.lastDisconnect();
        if (d == null) {
            n.putNull("lastDisconnect");
        } else {
            ObjectNode ld = n.putObject("lastDisconnect");
            ld.put("reason", d.reason().wire());
            if (d.code() == null) {
                ld.putNull("code");
            } else {
                ld.put("code", d.code());
            }
            ld.put("at", d.at().toString());
            if (d.bannedUntil() != null) {
                ld.put("bannedUntil", d.bannedUntil().toString());
            }
        }
        return n;
    }

    static ObjectNode profile(Profile p) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("name", p.name());
        n.put("pictureUrl", p.pictureUrl());
        n.put("isBusiness", p.isBusiness());
        n.put("businessName", p.businessName());
        n.put("platform", p.platform());
        return n;
    }

    public static ObjectNode settings(Settings s) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("autoRejectCalls", s.autoRejectCalls());
        n.put("callRejectMessage", s.callRejectMessage());
        n.put("ignoreGroupMessages", s.ignoreGroupMessages());
        n.put("keepOnlineStatus", s.keepOnlineStatus());
        n.put("autoReadMessages", s.autoReadMessages());
        n.put("disableHistorySync", s.disableHistorySync());
        n.put("ignoreStatus", s.ignoreStatus());
        return n;
    }

    /** The proxy block; the password is always {@code null}. */
    public static ObjectNode proxy(ProxySettings p) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("enabled", p.enabled());
        n.put("host", p.host());
        n.put("port", p.port());
        n.put("protocol", p.protocol() == null ? null : p.protocol().wire());
        n.put("username", p.username());
        n.putNull("password");
        return n;
    }

    /** The S3 block; the secret key is always {@code null}. */
    public static ObjectNode s3(S3Settings s) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("enabled", s.enabled());
        n.put("region", s.region());
        n.put("bucket", s.bucket());
        n.put("accessKey", s.accessKey());
        n.putNull("secretKey");
        n.put("endpoint", s.endpoint());
        n.put("pathPrefix", s.pathPrefix());
        return n;
    }

    static ObjectNode webhook(WebhookSettings w) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("enabled", w.enabled());
        n.put("url", w.urls().isEmpty() ? null : w.urls().get(0));
        n.set("urls", strings(w.urls()));
        n.put("hasAuthorization", w.authorization() != null);
        n.put("byEvents", w.byEvents());
        n.set("events", strings(w.events()));
        n.put("mediaBase64", w.mediaBase64());
        // "evolution" when set through the Evolution API routes: events go out in Evolution's envelope
        n.put("format", w.format().wire());
        return n;
    }

    static ObjectNode websocket(WebsocketSettings w) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("enabled", w.enabled());
        n.set("events", strings(w.events()));
        n.put("mediaBase64", w.mediaBase64());
        return n;
    }

    static ObjectNode chatwoot(ChatwootSettings c) {
        ObjectNode n = JsonBody.MAPPER.createObjectNode();
        n.put("enabled", c.enabled());
        n.put("baseUrl", c.baseUrl());
        if (c.accountId() == null) {
            n.putNull("accountId");
        } else {
            n.put("accountId", c.accountId());
        }
        n.put("inboxName", c.inboxName());
        n.put("signMessages", c.signMessages());
        n.put("ignoreGroups", c.ignoreGroups());
        n.put("startAsPending", c.startAsPending());
        n.put("reopenResolved", c.reopenResolved());
        return n;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JsonBody.MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
