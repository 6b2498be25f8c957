package io.zapgate.wa.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Decodes WhatsApp binary XML into a {@link Node}. Use {@link FramePayload#decode} for a frame plaintext (with
 * the flags byte); use this class for bare node bytes.
 *
 * <p>Input is treated as hostile: any malformed input yields {@link BinaryParseException} and nothing else, work is
 * linear in the input size and nesting is limited to {@link #MAX_DEPTH}. Where whatsmeow
 * ({@code binary/decoder.go}) and Baileys ({@code src/WABinary/decode.ts}) differ, the decoder accepts both:
 * {@code FF 00}, {@code FC 00} and {@code 00} all read as "" in string positions; {@code 00} as content is an
 * empty child list; AD_JID with device 0 is fine; bytes after the node are ignored (as Baileys does).
 * Raw strings are decoded as UTF-8, malformed sequences replaced.
 */
public final class NodeDecoder {
    /** Deepest node nesting accepted (ours; real stanzas nest fewer than 10 levels). */
    public static final int MAX_DEPTH = 256;

    private final byte[] data;
    private final int end;
    private int pos;

    private NodeDecoder(byte[] data, int offset, int end) {
        this.data = data;
        this.pos = offset;
        this.end = end;
    }

    /** Decodes one node from the whole array (trailing bytes are ignored). */
    public static Node decode(byte[] data) throws BinaryParseException {
        return decode(data, 0, data.length);
    }

    /** Decodes one node from {@code data[offset, offset + length)} (trailing bytes are ignored). */
    public static Node decode(byte[] data, int offset, int length) throws BinaryParseException {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("bad range " + offset + "+" + length + " of " + data.length);
        }
        return new NodeDecoder(data, offset, offset + length).readNode(0);
    }

    private Node readNode(int depth) throws BinaryParseException {
        if (depth > MAX_DEPTH) {
            throw fail("nodes nested deeper than " + MAX_DEPTH);
        }
        int listTag = readByte();
        if (listTag != WireTag.LIST_8 && listTag != WireTag.LIST_16) {
            throw fail("node must start with LIST_8/LIST_16, got tag " + listTag);
        }
        int size = readListSize(listTag);
        String tag = readString();
        if (size == 0 || tag.isEmpty()) {
            throw fail("invalid node (list size " + size + ", tag \"" + tag + "\")");
        }
        LinkedHashMap<String, Object> attrs = new LinkedHashMap<>();
        for (int i = 0; i < (size - 1) / 2; i++) {
            String key = readString();
            attrs.put(key, readValue(readByte()));
        }
        Object content = size % 2 == 0 ? readContent(depth) : null;
        return Node.trusted(tag, attrs, content);
    }

    private Object readContent(int depth) throws BinaryParseException {
        int tag = readByte();
        return switch (tag) {
            case WireTag.LIST_EMPTY -> List.of();
            case WireTag.LIST_8, WireTag.LIST_16 -> readChildren(readListSize(tag), depth);
            case WireTag.BINARY_8, WireTag.BINARY_20, WireTag.BINARY_32 -> readRaw(readBinaryLength(tag));
            default -> readValue(tag);
        };
    }

    private List<Node> readChildren(int count, int depth) throws BinaryParseException {
        List<Node> children = new ArrayList<>(Math.min(count, (end - pos) / 2));
        for (int i = 0; i < count; i++) {
            children.add(readNode(depth + 1));
        }
        return Collections.unmodifiableList(children);
    }

    /** Reads a value in a string position (attribute value, content): a String or a Jid, never a list. */
    private Object readValue(int tag) throws BinaryParseException {
        if (tag >= 1 && tag < Tokens.SINGLE_BYTE_COUNT) {
            return Tokens.singleByte(tag);
        }
        return switch (tag) {
            case WireTag.LIST_EMPTY -> "";
            case WireTag.DICTIONARY_0, WireTag.DICTIONARY_0 + 1, WireTag.DICTIONARY_0 + 2, WireTag.DICTIONARY_3 ->
                Tokens.doubleByte(tag - WireTag.DICTIONARY_0, readByte());
            case WireTag.BINARY_8, WireTag.BINARY_20, WireTag.BINARY_32 ->
                new String(readRaw(readBinaryLength(tag)), StandardCharsets.UTF_8);
            case WireTag.NIBBLE_8, WireTag.HEX_8 -> readPacked(tag);
            case WireTag.JID_PAIR, WireTag.AD_JID, WireTag.FB_JID, WireTag.INTEROP_JID -> readJid(tag);
            default -> throw fail("invalid tag " + tag + " in a string position");
        };
    }

    /** Reads a value that must be a plain string (tag, key, JID part); JID tokens are rejected up front. */
    private String readString() throws BinaryParseException {
        int tag = readByte();
        if (tag == WireTag.JID_PAIR || tag == WireTag.AD_JID || tag == WireTag.FB_JID || tag == WireTag.INTEROP_JID) {
            throw fail("expected a string but found JID tag " + tag);
        }
        return (String) readValue(tag);
    }

    private Jid readJid(int tag) throws BinaryParseException {
        int start = pos - 1;
        try {
            return switch (tag) {
                case WireTag.JID_PAIR -> readJidPair();
                case WireTag.AD_JID -> {
                    int domain = readByte();
                    int device = readByte();
                    yield Jid.ofAd(readString(), domain, device);
                }
                case WireTag.FB_JID -> {
                    String user = readString();
                    int device = readInt(2);
                    yield new Jid(user, 0, device, 0, expectServer(Jid.MESSENGER_SERVER));
                }
                default -> {
                    String user = readString();
                    int device = readInt(2);
                    int integrator = readInt(2);
                    yield new Jid(user, 0, device, integrator, expectServer(Jid.INTEROP_SERVER));
                }
            };
        } catch (IllegalArgumentException e) {
            throw new BinaryParseException("invalid JID at position " + start + ": " + e.getMessage(), e);
        }
    }

    private Jid readJidPair() throws BinaryParseException {
        String user = readString();
        String server = readString();
        if (server.isEmpty()) {
            throw fail("JID pair without server");
        }
        return Jid.of(user, server);
    }

    private String expectServer(String expected) throws BinaryParseException {
        String server = readString();
        if (!server.equals(expected)) {
            throw fail("expected JID server " + expected + " but got " + server);
        }
        return server;
    }

    private String readPacked(int tag) throws BinaryParseException {
        int header = readByte();
        int count = header & 0x7F;
        require(count);
        String value = Packed.read(tag, data, pos, count, (header & 0x80) != 0);
        pos += count;
        return value;
    }

    private int readListSize(int tag) throws BinaryParseException {
        return tag == WireTag.LIST_8 ? readByte() : readInt(2);
    }

    /** BINARY_8: 1 byte; BINARY_20: low 20 bits of 3 bytes; BINARY_32: 4 bytes BE (whatsmeow decoder.go). */
    private long readBinaryLength(int tag) throws BinaryParseException {
        return switch (tag) {
            case WireTag.BINARY_8 -> readByte();
            case WireTag.BINARY_20 -> readInt(3) & 0xFFFFF;
            default -> ((long) readInt(2) << 16) | readInt(2);
        };
    }

    private byte[] readRaw(long length) throws BinaryParseException {
        if (length > end - pos) {
            throw fail("length " + length + " exceeds the " + (end - pos) + " remaining bytes");
        }
        int n = (int) length;
        byte[] bytes = new byte[n];
        System.arraycopy(data, pos, bytes, 0, n);
        pos += n;
        return bytes;
    }

    private int readByte() throws BinaryParseException {
        require(1);
        return data[pos++] & 0xFF;
    }

    /** Reads an unsigned big-endian integer of 1..3 bytes. */
    private int readInt(int byteCount) throws BinaryParseException {
        require(byteCount);
        int value = 0;
        for (int i = 0; i < byteCount; i++) {
            value = (value << 8) | (data[pos++] & 0xFF);
        }
        return value;
    }

    private void require(int count) throws BinaryParseException {
        if (count > end - pos) {
            throw fail("unexpected end of data (need " + count + " bytes)");
        }
    }

    private BinaryParseException fail(String message) {
        return new BinaryParseException(message + " at position " + pos);
    }
}
