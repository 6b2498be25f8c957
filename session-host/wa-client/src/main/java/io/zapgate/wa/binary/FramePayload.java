package io.zapgate.wa.binary;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The plaintext of one Noise transport frame: a flags byte followed by an encoded node, zlib-compressed when
 * {@link #FLAG_COMPRESSED} is set. This is the entry point for the transport layer: {@link #encode} what you send,
 * {@link #decode} what you receive.
 *
 * <p>Sources: whatsmeow {@code binary/unpack.go} ({@code Unpack}) and {@code binary/encoder.go} (the leading 0
 * byte); Baileys {@code src/WABinary/decode.ts} ({@code decompressingIfRequired}). Flag bits other than
 * {@code 0x02} are ignored, as both references do.
 */
public final class FramePayload {
    /** Flags bit meaning "body is zlib (RFC 1950) compressed". whatsmeow binary/unpack.go {@code 2&dataType}. */
    public static final int FLAG_COMPRESSED = 0x02;
    /** Largest inflated body accepted (ours: the 16 MiB frame limit; guards against decompression bombs). */
    public static final int MAX_INFLATED_SIZE = 16 * 1024 * 1024;

    private FramePayload() {}

    /** Encodes {@code node} as a frame plaintext: flags byte {@code 0x00} (uncompressed) then the node. */
    public static byte[] encode(Node node) {
        return NodeEncoder.encode(node, true);
    }

    /**
     * Decodes a frame plaintext (flags byte, optional zlib) into a node.
     *
     * @throws BinaryParseException if the input is empty, fails to inflate, inflates beyond
     *     {@link #MAX_INFLATED_SIZE}, or is not a valid node
     */
    public static Node decode(byte[] plaintext) throws BinaryParseException {
        if (plaintext.length > 0 && (plaintext[0] & FLAG_COMPRESSED) == 0) {
            return NodeDecoder.decode(plaintext, 1, plaintext.length - 1);
        }
        return NodeDecoder.decode(unpack(plaintext));
    }

    /**
     * Returns the node bytes of a frame plaintext: without the flags byte, inflated if compressed.
     *
     * @throws BinaryParseException if the input is empty or the zlib body is invalid, truncated or too large
     */
    public static byte[] unpack(byte[] plaintext) throws BinaryParseException {
        if (plaintext.length == 0) {
            throw new BinaryParseException("empty frame payload (no flags byte)");
        }
        if ((plaintext[0] & FLAG_COMPRESSED) == 0) {
            return Arrays.copyOfRange(plaintext, 1, plaintext.length);
        }
        return inflate(plaintext, 1, plaintext.length - 1);
    }

    private static byte[] inflate(byte[] data, int offset, int length) throws BinaryParseException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_INFLATED_SIZE, length * 4 + 64));
            byte[] chunk = new byte[16 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && !inflater.finished()) {
                    // No progress: input exhausted (truncated) or a preset dictionary is required.
                    throw new BinaryParseException("truncated zlib body or preset dictionary required");
                }
                if (out.size() + n > MAX_INFLATED_SIZE) {
                    throw new BinaryParseException("inflated body exceeds " + MAX_INFLATED_SIZE + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BinaryParseException("invalid zlib body: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
