package io.zapgate.wa.fake;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of a companion's linking QR code (spec §4.1 step 5). Current form (May 2026):
 * {@code https://wa.me/settings/linked_devices#REF,NOISE_B64,IDENTITY_B64,ADV_B64,CLIENT_TYPE}; the legacy form
 * is just {@code REF,NOISE_B64,IDENTITY_B64,ADV_B64}. Both are accepted.
 *
 * @param ref the pairing ref the server sent in {@code pair-device}
 * @param noisePublicKey the companion's noise static public key (32 bytes)
 * @param identityPublicKey the companion's identity public key (32 bytes)
 * @param advSecret the companion's adv secret (32 bytes), the HMAC key of pair-success
 * @param clientType the companion web client type ("1" = Chrome …), empty in the legacy form
 */
public record QrData(
        String ref, byte[] noisePublicKey, byte[] identityPublicKey, byte[] advSecret, Optional<String> clientType) {
    /** The URL prefix of the current QR form. */
    public static final String URL_PREFIX = "https://wa.me/settings/linked_devices#";

    /** Validates the parts (32-byte keys, non-empty ref). */
    public QrData {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(clientType, "clientType");
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty ref in QR");
        }
        noisePublicKey = key(noisePublicKey, "noise public key");
        identityPublicKey = key(identityPublicKey, "identity public key");
        advSecret = key(advSecret, "adv secret");
    }

    /**
     * Parses either QR form.
     *
     * @throws IllegalArgumentException if the string is not a companion linking QR
     */
    public static QrData parse(String qr) {
        Objects.requireNonNull(qr, "qr");
        String body = qr.strip();
        if (body.startsWith(URL_PREFIX)) {
            body = body.substring(URL_PREFIX.length());
        } else if (body.startsWith("http")) {
            throw new IllegalArgumentException("unknown QR URL: " + qr);
        }
        String[] parts = body.split(",", -1);
        if (parts.length != 4 && parts.length != 5) {
            throw new IllegalArgumentException("QR must have 4 or 5 comma-separated fields, got " + parts.length);
        }
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            return new QrData(
                    parts[0],
                    b64.decode(parts[1]),
                    b64.decode(parts[2]),
                    b64.decode(parts[3]),
                    parts.length == 5 ? Optional.of(parts[4]) : Optional.empty());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed QR: " + e.getMessage(), e);
        }
    }

    /** The QR string in the current form (what a companion shows), e.g. for tests. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        return URL_PREFIX + ref + "," + b64.encodeToString(noisePublicKey) + ","
                + b64.encodeToString(identityPublicKey) + "," + b64.encodeToString(advSecret) + ","
                + clientType.orElse("1");
    }

    @Override
    public byte[] noisePublicKey() {
        return noisePublicKey.clone();
    }

    @Override
    public byte[] identityPublicKey() {
        return identityPublicKey.clone();
    }

    @Override
    public byte[] advSecret() {
        return advSecret.clone();
    }

    @Override
    public String toString() {
        return "QrData[ref=" + ref + ", clientType=" + clientType.orElse("-") + ", keys=<redacted>]";
    }

    private static byte[] key(byte[] value, String what) {
        Objects.requireNonNull(value, what);
        if (value.length != 32) {
            throw new IllegalArgumentException(what + " must be 32 bytes, got " + value.length);
        }
        return value.clone();
    }
}
