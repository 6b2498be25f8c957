package io.zapgate.core.usecase;

import io.zapgate.core.instance.ChatwootSettings;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.instance.WebhookSettings;
import io.zapgate.core.instance.WebsocketSettings;

/** A validated create request: the name, an optional caller-chosen token, and the inline blocks. */
public record NewInstance(
        String name,
        String token,
        Settings settings,
        ProxySettings proxy,
        S3Settings s3,
        WebhookSettings webhook,
        WebsocketSettings websocket,
        ChatwootSettings chatwoot) {

    @Override
    public String toString() {
        return "NewInstance[name=" + name + ", token=" + (token == null ? "generated" : "***") + "]";
    }
}
