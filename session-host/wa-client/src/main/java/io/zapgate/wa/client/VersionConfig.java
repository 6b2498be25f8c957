package io.zapgate.wa.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;

/**
 * The precedence of {@link AppVersionProvider#fromConfig}: a fixed version wins; else fetch from the URL (the
 * real page if unset); {@code off}/{@code none} as URL means the built-in version, fixed. Blank means unset;
 * values are trimmed.
 */
final class VersionConfig {
    private VersionConfig() {}

    static AppVersionProvider provider(
            String fixedOrNull, String urlOrNull, Function<URI, AppVersionProvider> fetching) {
        String fixed = trimmed(fixedOrNull);
        if (fixed != null) {
            return AppVersionProvider.fixed(WaVersion.parse(fixed));
        }
        String url = trimmed(urlOrNull);
        if (url == null) {
            return fetching.apply(AppVersionProvider.WHATSAPP_WEB_URL);
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.equals("off") || lower.equals("none")) {
            return AppVersionProvider.fixed(AppVersionProvider.BUILT_IN);
        }
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: \"" + url + "\"", e);
        }
        return fetching.apply(parsed);
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
