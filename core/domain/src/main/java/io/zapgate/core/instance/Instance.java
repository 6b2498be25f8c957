package io.zapgate.core.instance;

import java.time.Instant;
import java.util.Objects;

/**
 * One linked (or linkable) WhatsApp number of an account. Identified by (account, name); {@code id} is a
 * random id that tells two incarnations of the same name apart (a command for a deleted instance never
 * reaches its successor).
 *
 * <p>{@code unreadableSecrets} names the stored secrets that could not be decrypted when the row was read
 * ({@link #PROXY_PASSWORD}, {@link #S3_SECRET_KEY}, {@link #WEBHOOK_AUTHORIZATION}, {@link
 * #WEBHOOK_SIGNING_SECRET}, {@link #CHATWOOT_API_TOKEN}): such a secret reads as null in its block, and whoever
 * would use it must refuse to go on without it (never send, connect or sign without the secret). Empty for
 * every instance whose secrets all open.
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
        ChatwootSettings chatwoot,
        java.util.Set<String> unreadableSecrets) {
    public static final String PROXY_PASSWORD = "proxy.password";
    public static final String S3_SECRET_KEY = "s3.secretKey";
    public static final String WEBHOOK_AUTHORIZATION = "webhook.authorization";
    public static final String WEBHOOK_SIGNING_SECRET = "webhook.signingSecret";
    public static final String CHATWOOT_API_TOKEN = "chatwoot.apiToken";
    public static final String WEBHOOK_HEADERS = "webhook.headers";

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
        unreadableSecrets = unreadableSecrets == null
                ? java.util.Set.of()
                : java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(unreadableSecrets));
    }

    /** An instance whose secrets are all readable. */
    public Instance(
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
        this(
                id,
                accountId,
                name,
                createdAt,
                tokenHash,
                connection,
                profile,
                settings,
                proxy,
                s3,
                webhook,
                websocket,
                chatwoot,
                java.util.Set.of());
    }

    /** Whether the stored secret {@code field} (e.g. {@link #PROXY_PASSWORD}) could not be decrypted. */
    public boolean unreadable(String field) {
        return unreadableSecrets.contains(field);
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
                chatwoot,
                unreadableSecrets);
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
                chatwoot,
                unreadableSecrets);
    }

    public Instance withWebhook(WebhookSettings value) {
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
                s3,
                value,
                websocket,
                chatwoot,
                unreadableSecrets);
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
                chatwoot,
                unreadableSecrets);
    }
}
