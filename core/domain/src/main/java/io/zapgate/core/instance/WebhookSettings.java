package io.zapgate.core.instance;

import java.util.List;

/**
 * Up to {@value #MAX_URLS} webhook URLs for events. The authorization header value and the signing secret
 * (HMAC-SHA256 key of the signature header) are secrets: encrypted at rest, never listed.
 */
public record WebhookSettings(
        boolean enabled,
        List<String> urls,
        String authorization,
        boolean byEvents,
        List<String> events,
        boolean mediaBase64,
        String signingSecret) {
    public static final int MAX_URLS = 3;

    public WebhookSettings {
        urls = urls == null ? List.of() : List.copyOf(urls);
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static WebhookSettings disabled() {
        return new WebhookSettings(false, List.of(), null, false, List.of(), false, null);
    }

    @Override
    public String toString() {
        return "WebhookSettings[enabled=" + enabled + ", urls=" + urls.size() + ", authorization="
                + (authorization == null ? "null" : "***") + ", byEvents=" + byEvents + ", events=" + events
                + ", signingSecret=" + (signingSecret == null ? "null" : "***") + "]";
    }
}
