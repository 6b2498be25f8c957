package io.zapgate.wa.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** WhatsApp Noise protocol constants. Accessors return copies. */
public final class NoiseConstants {
    /**
     * {@code "Noise_XX_25519_AESGCM_SHA256\0\0\0\0"}, exactly 32 bytes, used unhashed as the initial h, ck and
     * key (whatsmeow {@code socket/constants.go} {@code NoiseStartPattern}; Baileys {@code NOISE_MODE}; spec §1.4).
     */
    private static final byte[] START_PATTERN =
            Arrays.copyOf("Noise_XX_25519_AESGCM_SHA256".getBytes(StandardCharsets.US_ASCII), 32);

    /**
     * Intro / prologue {@code 'W' 'A' 6 3} (whatsmeow {@code socket/constants.go} {@code WAConnHeader}; Baileys
     * {@code NOISE_WA_HEADER}; spec §1.2). Mixed into h, and sent by the client before its first frame.
     */
    private static final byte[] CONNECTION_HEADER = {0x57, 0x41, 0x06, 0x03};

    /**
     * WhatsApp's root ("WhatsAppLongTerm1") certificate key, Curve25519/XEdDSA (whatsmeow {@code handshake.go}
     * {@code WACertPubKey}; Baileys {@code src/Defaults/index.ts} {@code WA_CERT_DETAILS.PUBLIC_KEY}; spec §1.6).
     */
    private static final byte[] WHATSAPP_ROOT_KEY =
            HexFormat.of().parseHex("142375574d0a587166aae71ebe516437c4a28b73e3695c6ce1f7f9545da8ee6b");

    /** Expected issuer serial of the intermediate (whatsmeow {@code handshake.go} {@code WACertIssuerSerial}). */
    public static final int WHATSAPP_ROOT_SERIAL = 0;

    private NoiseConstants() {}

    public static byte[] startPattern() {
        return START_PATTERN.clone();
    }

    public static byte[] connectionHeader() {
        return CONNECTION_HEADER.clone();
    }

    public static byte[] whatsAppRootPublicKey() {
        return WHATSAPP_ROOT_KEY.clone();
    }
}
