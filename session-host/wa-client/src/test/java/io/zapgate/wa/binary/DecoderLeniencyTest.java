package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decoder behaviour where whatsmeow and Baileys differ (spec 3.2-3.5, 11.2), and its hard limits. */
class DecoderLeniencyTest {

    static Node decode(String hex) throws BinaryParseException {
        return NodeDecoder.decode(Hex.bytes(hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff00", "fc00", "00", "ff80"})
    void emptyStringForms(String emptyString) throws BinaryParseException {
        // <x a=""/>: whatsmeow writes FF 00, Baileys FC 00; 00 is Baileys' readString of LIST_EMPTY.
        Node node = decode("f803fc0178fc0161" + emptyString);
        assertThat(node.attrs()).containsEntry("a", "");
    }

    @Test
    void emptyListContentIsAnEmptyChildList() throws BinaryParseException {
        Node node = decode("f802fc017800");
        assertThat(node.content()).isEqualTo(List.of());
        assertThat(node.children()).isEmpty();
    }

    @Test
    void binaryContentStaysBytesAndStringHelpersConvert() throws BinaryParseException {
        Node bytes = decode("f802fc0178fc0100");
        assertThat(bytes.content()).isEqualTo(new byte[] {0});
        Node text = decode("f802fc01782d");
        assertThat(text.content()).isEqualTo("0");
        assertThat(text.contentBytes()).hasValueSatisfying(b -> assertThat(b).containsExactly('0'));
        assertThat(bytes.contentString()).contains("\0");
    }

    @Test
    void adJidWithDeviceZeroAsBaileysWritesIt() throws BinaryParseException {
        Node node = decode("f8033b0cf70000ff8615551234567f");
        assertThat(node.attrs().get("jid")).isEqualTo(Jid.of("15551234567", "s.whatsapp.net"));
    }

    @Test
    void adJidUnknownDomainIsAnAgent() throws BinaryParseException {
        Node node = decode("f8033b0cf70503ff0112");
        assertThat(node.attrs().get("jid")).isEqualTo(new Jid("12", 5, 3, 0, "s.whatsapp.net"));
    }

    @Test
    void jidAttributesAcceptPlainStringsToo() throws BinaryParseException {
        // from = token "s.whatsapp.net" (03) instead of FA 00 03, and a raw "1@lid" string.
        Node node = decode("f80519060308fc0531406c6964");
        assertThat(node.attrs().get("from")).isEqualTo("s.whatsapp.net");
        assertThat(node.jidAttr("from")).contains(Jid.SERVER_JID);
        assertThat(node.jidAttr("id")).contains(Jid.of("1", "lid"));
        assertThat(node.jidAttr("missing")).isEmpty();
    }

    @Test
    void trailingBytesAreIgnored() throws BinaryParseException {
        assertThat(decode("f8015601020304")).isEqualTo(Node.of("ping"));
    }

    @Test
    void oddPackedWithZeroLengthIsEmpty() throws BinaryParseException {
        assertThat(decode("f802fc0178ff80").content()).isEqualTo("");
    }

    @Test
    void nibblePadInsideIsNul() throws BinaryParseException {
        assertThat(decode("f802fc0178ff02f112").content()).isEqualTo("\u0000" + "112");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "00",
                "f800",
                "f80100",
                "f801ff00",
                "f802",
                "f801fc0578",
                "f803fcfe",
                "f801f0",
                "f802fc0178f8",
                "f802fc0178fb01",
                "f802fc0178ff01cc",
                "f801fa0000",
                "f803fc017808fa0000",
                "f803fc017808fafa000303",
                "f803fc017808f631000303",
                "f803fc017808f5310000000003",
                "f803fc017808f700",
                "f80219fd",
                "f802fc0178fe7fffffff00",
                "f802fc0178fdffffff",
                "f801f700",
                "f8031908f80156",
                "f8020cf8"
            })
    void malformedInputThrowsBinaryParseException(String hex) {
        assertThatThrownBy(() -> decode(hex)).isInstanceOf(BinaryParseException.class);
    }

    @Test
    void nestingDepthIsLimited() throws BinaryParseException {
        assertThat(NodeDecoder.decode(nested(NodeDecoder.MAX_DEPTH))).isNotNull();
        assertThatThrownBy(() -> NodeDecoder.decode(nested(NodeDecoder.MAX_DEPTH + 1)))
                .isInstanceOf(BinaryParseException.class)
                .hasMessageContaining("deeper");
        assertThatThrownBy(() -> NodeDecoder.decode(nested(100_000))).isInstanceOf(BinaryParseException.class);
    }

    @Test
    void nestedJidTokensAreRejectedWithoutRecursion() {
        byte[] data = new byte[1_000_000];
        java.util.Arrays.fill(data, (byte) 0xFA);
        data[0] = (byte) 0xF8;
        data[1] = 0x02;
        data[2] = 0x19;
        assertThatThrownBy(() -> NodeDecoder.decode(data)).isInstanceOf(BinaryParseException.class);
    }

    /** {@code depth + 1} nested nodes: each level is f8 02 19 (iq) f8 01, innermost f8 01 19. */
    static byte[] nested(int depth) {
        byte[] data = new byte[depth * 5 + 3];
        for (int i = 0; i < depth; i++) {
            System.arraycopy(Hex.bytes("f80219f801"), 0, data, i * 5, 5);
        }
        System.arraycopy(Hex.bytes("f80119"), 0, data, depth * 5, 3);
        return data;
    }

    @Test
    void nodeRejectsInvalidParts() {
        assertThatThrownBy(() -> Node.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node("x", java.util.Map.of("a", 1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node("x", null, 42)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Node("x", null, java.util.Arrays.asList(Node.of("a"), null)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] bytes = {1, 2};
        Node node = Node.builder("x").content(bytes).build();
        bytes[0] = 9;
        ((byte[]) node.content())[1] = 9;
        assertThat(node.content()).isEqualTo(new byte[] {1, 2});
        assertThat(Node.builder("x")
                        .attr("n", 5)
                        .attr("b", true)
                        .attr("skip", null)
                        .build()
                        .attrs())
                .containsExactly(java.util.Map.entry("n", "5"), java.util.Map.entry("b", "true"));
        assertThat(node.toString()).isEqualTo("<x>[2 bytes]</x>");
    }
}
