package io.zapgate.core.auth;

import io.zapgate.core.error.ZapgateException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Makes new tokens and checks tokens chosen by callers. */
public final class Tokens {
    /** The shortest token a caller may choose: short chosen tokens are guessable. */
    public static final int MIN_CUSTOM_LENGTH = 32;

    public static final int MAX_CUSTOM_LENGTH = 256;
    private static final Pattern CUSTOM =
            Pattern.compile("[\\x21-\\x7E]{" + MIN_CUSTOM_LENGTH + "," + MAX_CUSTOM_LENGTH + "}");

    private Tokens() {}

    /** A new random token: 256 bits, URL-safe base64. */
    public static String generate() {
        byte[] bytes = new byte[32];
        // a fresh generator per call: nothing random is captured in a Lambda SnapStart snapshot
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A caller-chosen token: 32–256 visible ASCII characters (no spaces). */
    public static String requireValidCustom(String field, String token) {
        if (token == null || !CUSTOM.matcher(token).matches()) {
            throw ZapgateException.badRequest(field + " must be " + MIN_CUSTOM_LENGTH + "-" + MAX_CUSTOM_LENGTH
                    + " visible ASCII characters without spaces");
        }
        return token;
    }
}
