package io.zapgate.core.instance;

import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.net.SpecialAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Value rules for instance configuration. Each check names the client's field in its 400 message, so a
 * client knows which field to fix.
 */
public final class ConfigRules {
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern EVENT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    public static final int MAX_TEXT = 1024;
    public static final int MAX_EVENTS = 64;

    private ConfigRules() {}

    public static String host(String field, String value) {
        if (value == null || !HOST.matcher(value).matches()) {
            throw ZapgateException.badRequest(field + " must be a host name or IP address");
        }
        return value;
    }

    /**
     * A host the platform may connect to for a tenant (a proxy): a {@link #host} that is not an IP literal in a
     * special-purpose range (loopback, private, link-local such as the metadata service, …). Names are
     * checked again, on every address they resolve to, when the connection is made.
     */
    public static String publicHost(String field, String value) {
        host(field, value);
        InetAddress literal = SpecialAddresses.literal(value);
        if (literal == null && value.matches("[0-9.]+")) {
            // 127.1, 2130706433, 0177.0.0.1: resolvers read these as addresses; refuse the ambiguity
            throw ZapgateException.badRequest(field + " must be a host name or IP address");
        }
        String range = literal == null ? null : SpecialAddresses.blockedRange(literal);
        if (range != null) {
            throw ZapgateException.badRequest(field + " must be a public address, not " + range);
        }
        return value;
    }

    /** A TCP port given as a string of digits, 1–65535 (the contract sends ports as strings). */
    public static String port(String field, String value) {
        if (value == null
                || !value.matches("[0-9]{1,5}")
                || Integer.parseInt(value) < 1
                || Integer.parseInt(value) > 65535) {
            throw ZapgateException.badRequest(field + " must be a port number from 1 to 65535");
        }
        return value;
    }

    /** An absolute http(s) URL with a host. */
    public static String httpUrl(String field, String value) {
        String bad = field + " must be an absolute http or https URL";
        if (value == null || value.length() > 2048) {
            throw ZapgateException.badRequest(bad);
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getHost().isEmpty()) {
                throw ZapgateException.badRequest(bad);
            }
            return value;
        } catch (URISyntaxException e) {
            throw ZapgateException.badRequest(bad);
        }
    }

    public static List<String> events(String field, List<String> events) {
        if (events.size() > MAX_EVENTS) {
            throw ZapgateException.badRequest(field + " may list at most " + MAX_EVENTS + " events");
        }
        for (String e : events) {
            if (!EVENT.matcher(e).matches()) {
                throw ZapgateException.badRequest(field + " entries must be event names like instance.state");
            }
        }
        return events;
    }

    /** Free text (messages, names, keys): at most {@value #MAX_TEXT} characters. */
    public static String text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            throw ZapgateException.badRequest(field + " must be at most " + MAX_TEXT + " characters");
        }
        return value;
    }

    /** A required, non-blank text. */
    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ZapgateException.badRequest(field + " is required");
        }
        return text(field, value);
    }
}
