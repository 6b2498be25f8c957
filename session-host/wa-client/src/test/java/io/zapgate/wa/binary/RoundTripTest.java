package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoundTripTest {

    /** Encode then decode; equality is exact except raw string content, which the wire returns as bytes. */
    static Node roundTrip(Node node) throws BinaryParseException {
        Node decoded = FramePayload.decode(FramePayload.encode(node));
        assertThat(NodeEquality.sameOnTheWire(decoded, node))
                .as("round trip of %s", node)
                .isTrue();
        return decoded;
    }

    /** Encodes {@code <xx>value</xx>} and returns the bytes of the value (after f8 02 fc 02 78 78). */
    static byte[] contentBytes(String value) {
        byte[] all = NodeEncoder.encode(Node.builder("xx").content(value).build());
        return java.util.Arrays.copyOfRange(all, 6, all.length);
    }

    @Test
    void everySingleAndDoubleByteToken() throws BinaryParseException {
        for (int i = 1; i < Tokens.SINGLE_BYTE_COUNT; i++) {
            String token = Tokens.singleByte(i);
            assertThat(contentBytes(token)).containsExactly(i);
            roundTrip(Node.builder(token).attr(token, token).content(token).build());
        }
        for (int d = 0; d < 4; d++) {
            for (int i = 0; i < 256; i++) {
                String token = Tokens.doubleByte(d, i);
                assertThat(contentBytes(token)).containsExactly(0xEC + d, i);
                roundTrip(Node.builder(token).attr(token, token).content(token).build());
            }
        }
    }

    static Stream<Arguments> rawLengths() {
        return Stream.of(
                Arguments.of(1, 0xFC, 2),
                Arguments.of(255, 0xFC, 2),
                Arguments.of(256, 0xFD, 4),
                Arguments.of((1 << 20) - 1, 0xFD, 4),
                Arguments.of(1 << 20, 0xFE, 5),
                Arguments.of((1 << 20) + 7, 0xFE, 5));
    }

    @ParameterizedTest
    @MethodSource("rawLengths")
    void rawStringsAndBytesAtLengthBoundaries(int length, int tag, int headerSize) throws BinaryParseException {
        String text = "x".repeat(length);
        byte[] encoded = contentBytes(text);
        assertThat(encoded[0] & 0xFF).isEqualTo(tag);
        assertThat(encoded).hasSize(headerSize + length);
        Node textNode =
                roundTrip(Node.builder("n").attr("k", text).content(text).build());
        assertThat(textNode.attrs().get("k")).isEqualTo(text);
        assertThat(textNode.content()).isInstanceOf(byte[].class); // BINARY_x content is bytes (both references)
        assertThat(textNode.contentString()).contains(text);
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        Node binary = roundTrip(Node.builder("n").content(bytes).build());
        assertThat(binary.content()).isEqualTo(bytes);
    }

    @Test
    void utf8StringsRoundTrip() throws BinaryParseException {
        Node node = roundTrip(Node.builder("msg")
                .attr("name", "Zé 🚀 Ünïcødé")
                .content("日本語テキスト")
                .build());
        assertThat(node.attrs().get("name")).isEqualTo("Zé 🚀 Ünïcødé");
        assertThat(node.contentString()).contains("日本語テキスト");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 10, 11, 126, 127})
    void packedNibbleAndHexOddAndEven(int length) throws BinaryParseException {
        StringBuilder nibbleBuilder = new StringBuilder();
        StringBuilder hexBuilder = new StringBuilder(length == 0 ? "" : "F");
        for (int i = 0; i < length; i++) {
            nibbleBuilder.append("0123456789-.".charAt((i + 1) % 12));
            if (i > 0) {
                hexBuilder.append("0123456789ABCDEF".charAt((i * 7) % 16));
            }
        }
        String nibble = nibbleBuilder.toString();
        String hex = hexBuilder.toString();
        int lengthByte = (length + 1) / 2 | (length % 2 == 1 ? 0x80 : 0);
        if (!isToken(nibble)) { // short digit strings such as "1" or "12" are tokens
            assertThat(contentBytes(nibble)).startsWith(0xFF, lengthByte).hasSize(2 + (length + 1) / 2);
        }
        if (length > 0 && !isToken(hex)) {
            assertThat(contentBytes(hex)).startsWith(0xFB, lengthByte).hasSize(2 + (length + 1) / 2);
        }
        roundTrip(Node.builder("n")
                .attr("a", nibble)
                .attr("b", hex)
                .content(nibble)
                .build());
        roundTrip(Node.builder("n").content(hex).build());
    }

    static boolean isToken(String value) {
        return Tokens.singleByteIndex(value) > 0 || Tokens.doubleByteIndex(value) >= 0;
    }

    @Test
    void packedLimitFallsBackToRaw() throws BinaryParseException {
        assertThat(contentBytes("1".repeat(128))[0] & 0xFF).isEqualTo(0xFC);
        assertThat(contentBytes("A".repeat(128))[0] & 0xFF).isEqualTo(0xFC);
        assertThat(contentBytes("abc")[0] & 0xFF).isEqualTo(0xFC);
        roundTrip(Node.builder("n")
                .content("1".repeat(128))
                .attr("h", "A".repeat(128))
                .build());
    }

    @Test
    void emptyStringIsEncodedAsEmptyNibble() throws BinaryParseException {
        assertThat(contentBytes("")).containsExactly(0xFF, 0x00);
        roundTrip(Node.builder("n").attr("e", "").content("").build());
    }

    static Stream<Arguments> jids() {
        return Stream.of(
                Arguments.of(Jid.SERVER_JID, 0xFA),
                Arguments.of(Jid.parse("15551234567@s.whatsapp.net"), 0xFA),
                Arguments.of(Jid.parse("15551234567:7@s.whatsapp.net"), 0xF7),
                Arguments.of(Jid.parse("15551234567.5:2@s.whatsapp.net"), 0xF7),
                Arguments.of(Jid.parse("99887766@lid"), 0xFA),
                Arguments.of(Jid.parse("99887766:7@lid"), 0xF7),
                Arguments.of(Jid.parse("123@hosted"), 0xF7),
                Arguments.of(Jid.parse("123:99@hosted"), 0xF7),
                Arguments.of(Jid.parse("456:3@hosted.lid"), 0xF7),
                Arguments.of(Jid.parse("100001:300@msgr"), 0xF6),
                Arguments.of(Jid.parse("100001@msgr"), 0xF6),
                Arguments.of(Jid.ofInterop("42", 1000, 65535), 0xF5),
                Arguments.of(Jid.parse("120363025246125486@g.us"), 0xFA),
                Arguments.of(Jid.GROUP_SERVER_JID, 0xFA),
                Arguments.of(Jid.STATUS_BROADCAST_JID, 0xFA),
                Arguments.of(Jid.parse("1234@broadcast"), 0xFA),
                Arguments.of(Jid.parse("120363144038483540@newsletter"), 0xFA),
                Arguments.of(Jid.parse("0@c.us"), 0xFA),
                Arguments.of(Jid.parse("867051314767696@bot"), 0xFA),
                Arguments.of(Jid.parse("user-with_raw.text@g.us"), 0xFA));
    }

    @ParameterizedTest
    @MethodSource("jids")
    void everyJidFormAsAttributeAndContent(Jid jid, int expectedTag) throws BinaryParseException {
        byte[] encoded = NodeEncoder.encode(Node.builder("xx").attr("jid", jid).build());
        assertThat(encoded[7] & 0xFF).isEqualTo(expectedTag); // after f8 03, "xx" raw, key token "jid"
        Node decoded = roundTrip(
                Node.builder("item").attr("jid", jid).attr("s", jid.toString()).build());
        assertThat(decoded.attrs().get("jid")).isEqualTo(jid);
        assertThat(decoded.attrs().get("s")).isEqualTo(jid.toString());
        assertThat(decoded.jidAttr("s")).contains(jid);
        roundTrip(new Node("item", java.util.Map.of(), jid));
    }

    @Test
    void nestedListsEmptyAndBinaryContent() throws BinaryParseException {
        Node leaf = Node.builder("leaf")
                .attr("to", Jid.SERVER_JID)
                .content(new byte[] {0, 1, 2})
                .build();
        Node tree = Node.builder("root")
                .attr("id", "1")
                .children(
                        Node.builder("a")
                                .children(
                                        leaf,
                                        Node.of("b"),
                                        Node.builder("c").children(List.of()).build())
                                .build(),
                        Node.builder("d").content(new byte[0]).build(),
                        Node.builder("e").content("text").build())
                .build();
        Node decoded = roundTrip(tree);
        assertThat(decoded.child("a").orElseThrow().children()).hasSize(3);
        assertThat(decoded.child("a").orElseThrow().child("c").orElseThrow().content())
                .isEqualTo(List.of());
        assertThat(decoded.child("a").orElseThrow().child("b").orElseThrow().content())
                .isNull();
        assertThat(decoded.child("d").orElseThrow().content()).isEqualTo(new byte[0]);
    }

    @Test
    void largeListsUseList16() throws BinaryParseException {
        List<Node> children = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            children.add(Node.builder("item").attr("n", i).build());
        }
        Node node = Node.builder("list").children(children).build();
        byte[] encoded = NodeEncoder.encode(node);
        assertThat(Hex.hex(encoded)).startsWith("f80271f9012c");
        roundTrip(node);
        NodeBuilder builder = Node.builder("many");
        for (int i = 0; i < 200; i++) {
            builder.attr("k" + i, "v" + i);
        }
        Node manyAttrs = builder.build();
        assertThat(NodeEncoder.encode(manyAttrs)[0] & 0xFF).isEqualTo(0xF9);
        roundTrip(manyAttrs);
    }
}
