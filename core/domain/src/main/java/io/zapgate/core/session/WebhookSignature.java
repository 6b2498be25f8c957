package io.zapgate.core.session;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook signature: header {@code X-Zapgate-Signature: sha256=<hex>} where hex is
 * HMAC-SHA256(instance signing secret, timestamp + "." + body) and the timestamp (unix seconds) is sent in
 * {@code X-Zapgate-Timestamp}. Receivers recompute it and reject old timestamps to stop replays.
 */
public final class WebhookSignature {
    public static final String HEADER = "X-Zapgate-Signature";
    public static final String TIMESTAMP_HEADER = "X-Zapgate-Timestamp";

    private WebhookSignature() {}

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sig = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Constant-time check of a received signature header. */
    public static boolean verify(String secret, long timestamp, String body, String header) {
        return header != null
                && MessageDigest.isEqual(
                        sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                        header.getBytes(StandardCharsets.UTF_8));
    }
}
