package io.zapgate.wa.binary;

import java.io.ByteArrayOutputStream;

/**
 * NIBBLE_8 / HEX_8 packed strings: {@code [tag][L]} with {@code L = ceil(len/2) | (odd ? 0x80 : 0)}, then two
 * characters per byte, high nibble first, an odd string padded with nibble 15.
 * Sources: whatsmeow {@code binary/encoder.go} ({@code writePackedBytes}, {@code packNibble}, {@code packHex})
 * and {@code binary/decoder.go} ({@code readPacked8}, {@code unpackNibble}, {@code unpackHex}).
 */
final class Packed {
    /** Nibble value of '-'. whatsmeow binary/encoder.go {@code packNibble}. */
    private static final int NIBBLE_DASH = 10;
    /** Nibble value of '.'. whatsmeow binary/encoder.go {@code packNibble}. */
    private static final int NIBBLE_DOT = 11;
    /** Padding nibble (decodes to NUL). whatsmeow binary/encoder.go {@code packNibble}/{@code packHex}. */
    private static final int PAD = 15;
    /** Bit of the length byte marking an odd length. whatsmeow binary/encoder.go {@code writePackedBytes}. */
    private static final int ODD_FLAG = 0x80;

    private Packed() {}

    /** True if {@code s} fits NIBBLE_8: at most 127 chars of {@code 0-9 - .} (the empty string qualifies). */
    static boolean isNibble(String s) {
        if (s.length() > WireTag.PACKED_MAX) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '-' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** True if {@code s} fits HEX_8: at most 127 chars of {@code 0-9 A-F} (upper case only). */
    static boolean isHex(String s) {
        if (s.length() > WireTag.PACKED_MAX) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'A' || c > 'F')) {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code tag}, the length byte and the packed pairs. {@code s} must pass the matching check. */
    static void write(ByteArrayOutputStream out, int tag, String s) {
        int length = s.length();
        out.write(tag);
        out.write(((length + 1) / 2) | (length % 2 == 0 ? 0 : ODD_FLAG));
        for (int i = 0; i < length; i += 2) {
            int high = pack(tag, s.charAt(i));
            int low = i + 1 < length ? pack(tag, s.charAt(i + 1)) : PAD;
            out.write((high << 4) | low);
        }
    }

    private static int pack(int tag, char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (tag == WireTag.HEX_8) {
            return 10 + c - 'A';
        }
        return c == '-' ? NIBBLE_DASH : NIBBLE_DOT;
    }

    /**
     * Decodes {@code count} packed bytes at {@code pos}; the caller has checked the bounds. If {@code odd}, the
     * last character is dropped (leniently also when {@code count} is 0, as Baileys does).
     */
    static String read(int tag, byte[] data, int pos, int count, boolean odd) throws BinaryParseException {
        char[] chars = new char[count * 2];
        for (int i = 0; i < count; i++) {
            int b = data[pos + i] & 0xFF;
            chars[2 * i] = unpack(tag, b >> 4, pos + i);
            chars[2 * i + 1] = unpack(tag, b & 0x0F, pos + i);
        }
        int length = odd && count > 0 ? chars.length - 1 : chars.length;
        return new String(chars, 0, length);
    }

    private static char unpack(int tag, int value, int pos) throws BinaryParseException {
        if (value < 10) {
            return (char) ('0' + value);
        } else if (tag == WireTag.HEX_8) {
            return (char) ('A' + value - 10);
        }
        return switch (value) {
            case NIBBLE_DASH -> '-';
            case NIBBLE_DOT -> '.';
            case PAD -> '\0';
            default -> throw new BinaryParseException("invalid nibble " + value + " at position " + pos);
        };
    }
}
