package io.zapgate.core.instance;

import java.time.Instant;
import java.util.Objects;

/**
 * One linked (or linkable) WhatsApp number of an account. Identified by (account, name); {@code id} is a
 * random id that tells two incarnations of the same name apart (a command for a deleted instance never
 * reaches its successor).
 */
public record Instance(
        String id,
        String accountId,
        String name,
        Instant createdAt,
        String tokenHash,
        Connection connection,
        Profile profile,
        Settings settings,
        ProxySettings proxy,
        S3Settings s3,
        WebhookSettings webhook,
        WebsocketSettings websocket,
        ChatwootSettings chatwoot) {
    public Instance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(tokenHash, "tokenHash");
        connection = connection != null ? connection : Connection.initial();
        profile = profile != null ? profile : Profile.empty();
        settings = settings != null ? settings : Settings.defaults();
        proxy = proxy != null ? proxy : ProxySettings.disabled();
        s3 = s3 != null ? s3 : S3Settings.disabled();
        webhook = webhook != null ? webhook : WebhookSettings.disabled();
        websocket = websocket != null ? websocket : WebsocketSettings.disabled();
        chatwoot = chatwoot != null ? chatwoot : ChatwootSettings.disabled();
    }

    /** No token hash, QR code or phone number: safe to log. */
    @Override
    public String toString() {
        return "Instance[id=" + id + ", name=" + name + ", state="
                + connection.state().wire() + "]";
    }

    public InstanceKey key() {
        return new InstanceKey(accountId, name);
    }

    public Instance withSettings(Settings value) {
        return new Instance(
                id,
                accountId,
                name,
                createdAt,
                tokenHash,
                connection,
                profile,
                value,
                proxy,
                s3,
                webhook,
                websocket,
                chatwoot);
    }

    public Instance withProxy(ProxySettings value) {
        return new Instance(
                id,
                accountId,
                name,
                createdAt,
                tokenHash,
                connection,
                profile,
                settings,
                value,
                s3,
                webhook,
                websocket,
                chatwoot);
    }

    public Instance withS3(S3Settings value) {
        return new Instance(
                id,
                accountId,
                name,
                createdAt,
                tokenHash,
                connection,
                profile,
                settings,
                proxy,
                value,
                webhook,
                websocket,
                chatwoot);
    }
}
