package io.zapgate.wa.transport;

import java.util.Objects;

/**
 * Wire constants and the pure encoder of the WhatsApp frame format: {@code len (3 bytes, BE) || payload}.
 * Facts: protocol spec §1.2–§1.3; whatsmeow {@code socket/constants.go}, {@code framesocket.go}.
 */
public final class FrameFormat {

    /** Size of the big-endian length prefix. */
    public static final int LENGTH_SIZE = 3;

    /** Exclusive upper bound of a payload length: a sender requires {@code len < 2^24} (16 MiB). */
    public static final int MAX_FRAME_SIZE = 1 << 24;

    private static final byte[] INTRO_BYTES = {0x57, 0x41, 0x06, 0x03};

    private FrameFormat() {}

    /** @return a fresh copy of the intro bytes {@code 57 41 06 03}: {@code 'W' 'A'}, magic value 6, dictionary version 3 */
    public static byte[] intro() {
        return INTRO_BYTES.clone();
    }

    /**
     * Encodes one frame, optionally preceded by a prefix (the intro on a client's first frame).
     *
     * @param prefix bytes to put before the length prefix; empty for all but the first client frame
     * @param payload the frame payload
     * @return {@code prefix || len(3, BE) || payload}
     * @throws FrameTooLargeException if {@code payload.length >= MAX_FRAME_SIZE}
     */
    public static byte[] encode(byte[] prefix, byte[] payload) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(payload, "payload");
        int length = payload.length;
        if (length >= MAX_FRAME_SIZE) {
            throw new FrameTooLargeException(length, MAX_FRAME_SIZE);
        }
        byte[] out = new byte[prefix.length + LENGTH_SIZE + length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int p = prefix.length;
        out[p] = (byte) (length >>> 16);
        out[p + 1] = (byte) (length >>> 8);
        out[p + 2] = (byte) length;
        System.arraycopy(payload, 0, out, p + LENGTH_SIZE, length);
        return out;
    }

    /**
     * Encodes one frame without prefix.
     *
     * @param payload the frame payload
     * @return {@code len(3, BE) || payload}
     */
    public static byte[] encode(byte[] payload) {
        return encode(new byte[0], payload);
    }
}
