package io.zapgate.wa.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A WhatsApp Web app version {@code primary.secondary.tertiary}, e.g. {@code 2.3000.1045649367}: sent in the
 * ClientPayload's UserAgent, and its MD5 is the registration build hash (spec §2.4; whatsmeow
 * {@code store/clientpayload.go} WAVersionContainer, ParseVersion, Hash). Immutable; the components are
 * non-negative.
 *
 * @param primary e.g. 2
 * @param secondary e.g. 3000
 * @param tertiary the build (WhatsApp Web's {@code client_revision})
 */
public record WaVersion(int primary, int secondary, int tertiary) {
    private static final Pattern SHAPE = Pattern.compile("[0-9]{1,10}\\.[0-9]{1,10}\\.[0-9]{1,10}");

    /** Rejects negative components. */
    public WaVersion {
        if (primary < 0 || secondary < 0 || tertiary < 0) {
            throw new IllegalArgumentException(
                    "app version components must not be negative: " + primary + "." + secondary + "." + tertiary);
        }
    }

    /**
     * Parses {@code P.S.T}: exactly three dot-separated non-negative decimal integers, no blanks or signs.
     *
     * @throws IllegalArgumentException naming the value if it is not such a version
     */
    public static WaVersion parse(String text) {
        Objects.requireNonNull(text, "app version");
        if (!SHAPE.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "not an app version \"P.S.T\" of three non-negative integers: \"" + text + "\"");
        }
        String[] parts = text.split("\\.");
        try {
            return new WaVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("app version component out of range: \"" + text + "\"", e);
        }
    }

    /** MD5 of the ASCII string {@code P.S.T}: the ClientPayload build hash (spec §2.4 buildHash). */
    public byte[] buildHash() {
        try {
            return MessageDigest.getInstance("MD5").digest(toString().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    /** @return {@code P.S.T}, the form {@link #parse} reads */
    @Override
    public String toString() {
        return primary + "." + secondary + "." + tertiary;
    }
}
