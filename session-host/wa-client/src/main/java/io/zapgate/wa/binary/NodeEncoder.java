package io.zapgate.wa.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes a {@link Node} into WhatsApp's binary XML format. Use {@link FramePayload#encode} for the full frame
 * plaintext (with the flags byte); use this class when you need only the node bytes.
 *
 * <p>Choices follow whatsmeow {@code binary/encoder.go}: strings become single-byte token, double-byte token,
 * NIBBLE_8, HEX_8 or raw bytes, in that order; the empty string is {@code FF 00}; strings are never turned into
 * JIDs (only {@link Jid} values are). Encoding a valid Node cannot fail.
 */
public final class NodeEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    private NodeEncoder() {}

    /** Returns the binary encoding of {@code node}, without the frame flags byte. */
    public static byte[] encode(Node node) {
        return encode(node, false);
    }

    /** Encodes, optionally preceded by a 0x00 flags byte (uncompressed frame, see {@link FramePayload}). */
    static byte[] encode(Node node, boolean withFlagsByte) {
        NodeEncoder encoder = new NodeEncoder();
        if (withFlagsByte) {
            encoder.out.write(0);
        }
        encoder.writeNode(node);
        return encoder.out.toByteArray();
    }

    private void writeNode(Node node) {
        Object content = node.rawContent();
        Map<String, Object> attrs = node.attrs();
        writeListStart(1 + 2 * attrs.size() + (content == null ? 0 : 1));
        writeString(node.tag());
        attrs.forEach((key, value) -> {
            writeString(key);
            writeValue(value);
        });
        if (content instanceof byte[] bytes) {
            writeBytes(bytes);
        } else if (content instanceof List<?> children) {
            writeListStart(children.size());
            children.forEach(child -> writeNode((Node) child));
        } else if (content != null) {
            writeValue(content);
        }
    }

    private void writeValue(Object value) {
        if (value instanceof Jid jid) {
            writeJid(jid);
        } else {
            writeString((String) value);
        }
    }

    private void writeListStart(int size) {
        if (size == 0) {
            out.write(WireTag.LIST_EMPTY);
        } else if (size < 256) {
            out.write(WireTag.LIST_8);
            out.write(size);
        } else {
            out.write(WireTag.LIST_16);
            writeInt(size, 2);
        }
    }

    private void writeString(String value) {
        int single = Tokens.singleByteIndex(value);
        if (single > 0) {
            out.write(single);
            return;
        }
        int dbl = Tokens.doubleByteIndex(value);
        if (dbl >= 0) {
            out.write(WireTag.DICTIONARY_0 + (dbl >> 8));
            out.write(dbl & 0xFF);
        } else if (Packed.isNibble(value)) {
            Packed.write(out, WireTag.NIBBLE_8, value);
        } else if (Packed.isHex(value)) {
            Packed.write(out, WireTag.HEX_8, value);
        } else {
            writeBytes(value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void writeBytes(byte[] bytes) {
        int length = bytes.length;
        if (length < 256) {
            out.write(WireTag.BINARY_8);
            out.write(length);
        } else if (length < (1 << 20)) {
            out.write(WireTag.BINARY_20);
            writeInt(length, 3);
        } else {
            out.write(WireTag.BINARY_32);
            writeInt(length, 4);
        }
        out.writeBytes(bytes);
    }

    /**
     * JID token choice, whatsmeow binary/encoder.go {@code writeJID}: AD_JID for devices/agents on
     * s.whatsapp.net and lid and always for hosted servers; FB_JID for msgr; INTEROP_JID for interop; else JID_PAIR.
     */
    private void writeJid(Jid jid) {
        String server = jid.server();
        boolean hosted = server.equals(Jid.HOSTED_SERVER) || server.equals(Jid.HOSTED_LID_SERVER);
        boolean adServer = server.equals(Jid.DEFAULT_USER_SERVER) || server.equals(Jid.LID_SERVER);
        if (hosted || (adServer && jid.isAd())) {
            out.write(WireTag.AD_JID);
            out.write(jid.domainType());
            out.write(jid.device());
            writeString(jid.user());
        } else if (server.equals(Jid.MESSENGER_SERVER)) {
            out.write(WireTag.FB_JID);
            writeString(jid.user());
            writeInt(jid.device(), 2);
            writeString(server);
        } else if (server.equals(Jid.INTEROP_SERVER)) {
            out.write(WireTag.INTEROP_JID);
            writeString(jid.user());
            writeInt(jid.device(), 2);
            writeInt(jid.integrator(), 2);
            writeString(server);
        } else {
            out.write(WireTag.JID_PAIR);
            if (jid.user().isEmpty()) {
                out.write(WireTag.LIST_EMPTY);
            } else {
                writeString(jid.user());
            }
            writeString(server);
        }
    }

    private void writeInt(int value, int byteCount) {
        for (int shift = (byteCount - 1) * 8; shift >= 0; shift -= 8) {
            out.write((value >>> shift) & 0xFF);
        }
    }
}
