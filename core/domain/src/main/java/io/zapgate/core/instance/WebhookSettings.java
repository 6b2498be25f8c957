package io.zapgate.core.instance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Up to {@value #MAX_URLS} webhook URLs for events. The authorization header value, the extra headers and the
 * signing secret (HMAC-SHA256 key of the signature header) are secrets: encrypted at rest, never listed.
 *
 * <p>{@code format} is the envelope events are delivered in: {@link Format#ZAPGATE} ({@code instance.state}) or
 * {@link Format#EVOLUTION} (Evolution API v2's {@code connection.update} / {@code qrcode.updated}, set through
 * {@code /webhook/set} or Evolution's create). {@code headers} are extra request headers (Evolution's
 * {@code webhook.headers}); {@code setAt} is when the block was last set (null for rows from before it was kept).
 */
public record WebhookSettings(
        boolean enabled,
        List<String> urls,
        String authorization,
        boolean byEvents,
        List<String> events,
        boolean mediaBase64,
        String signingSecret,
        Format format,
        Map<String, String> headers,
        Instant setAt) {
    public static final int MAX_URLS = 3;

    /** The envelope and event names a webhook receives. */
    public enum Format {
        ZAPGATE,
        EVOLUTION;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Format fromWire(String value) {
            return value == null ? ZAPGATE : valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public WebhookSettings {
        urls = urls == null ? List.of() : List.copyOf(urls);
        events = events == null ? List.of() : List.copyOf(events);
        format = format == null ? Format.ZAPGATE : format;
        headers = headers == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers));
    }

    /** A Zapgate-format webhook without extra headers. */
    public WebhookSettings(
            boolean enabled,
            List<String> urls,
            String authorization,
            boolean byEvents,
            List<String> events,
            boolean mediaBase64,
            String signingSecret) {
        this(enabled, urls, authorization, byEvents, events, mediaBase64, signingSecret, Format.ZAPGATE, null, null);
    }

    public static WebhookSettings disabled() {
        return new WebhookSettings(false, List.of(), null, false, List.of(), false, null);
    }

    @Override
    public String toString() {
        return "WebhookSettings[enabled=" + enabled + ", urls=" + urls.size() + ", authorization="
                + (authorization == null ? "null" : "***") + ", byEvents=" + byEvents + ", events=" + events
                + ", format=" + format.wire() + ", headers=" + headers.keySet()
                + ", signingSecret=" + (signingSecret == null ? "null" : "***") + "]";
    }
}
