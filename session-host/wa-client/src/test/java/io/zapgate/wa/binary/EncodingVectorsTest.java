package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The encoding vectors of the protocol spec, section 3.7 (produced with Baileys' encoder; leading 00 = flags). */
class EncodingVectorsTest {

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of(
                        Node.builder("iq")
                                .attr("id", "1")
                                .attr("to", Jid.SERVER_JID)
                                .attr("type", "get")
                                .attr("xmlns", "w:p")
                                .children(Node.of("ping"))
                                .build(),
                        "00f80a19085511fa000304291657f801f80156"),
                Arguments.of(Node.builder("stream:error").attr("code", "515").build(), "00f8039d70ff82515f"),
                Arguments.of(Node.builder("success").attr("t", "1700000000").build(), "00f8034c1aff051700000000"),
                Arguments.of(Node.builder("failure").attr("reason", "401").build(), "00f803ee3cec2e8d"),
                Arguments.of(
                        Node.builder("iq")
                                .attr("from", Jid.SERVER_JID)
                                .attr("type", "set")
                                .attr("id", "42")
                                .attr("xmlns", "md")
                                .children(Node.builder("pair-device")
                                        .children(Node.builder("ref")
                                                .content("2@abc".getBytes(StandardCharsets.UTF_8))
                                                .build())
                                        .build())
                                .build(),
                        "00f80a1906fa0003045a08ee5216fc026d64f801f802edeef801f802ed50fc053240616263"),
                Arguments.of(
                        Node.builder("device")
                                .attr("jid", Jid.parse("15551234567:7@s.whatsapp.net"))
                                .attr("lid", Jid.parse("99887766:7@lid"))
                                .build(),
                        "00f8053b0cf70007ff8615551234567f76f70107ff0499887766"),
                Arguments.of(Node.builder("x").attr("id", "3EB0ABCDEF").build(), "00f803fc017808fb053eb0abcdef"),
                Arguments.of(
                        Node.builder("stream:error")
                                .children(Node.builder("conflict")
                                        .attr("type", "replaced")
                                        .build())
                                .build(),
                        "00f8029df801f803ec0e04ec11"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encodesToExactBytes(Node node, String hex) {
        assertThat(Hex.hex(FramePayload.encode(node))).isEqualTo(hex);
        assertThat(Hex.hex(NodeEncoder.encode(node))).isEqualTo(hex.substring(2));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesToEqualNode(Node node, String hex) throws BinaryParseException {
        Node decoded = FramePayload.decode(Hex.bytes(hex));
        assertThat(decoded).isEqualTo(node);
        assertThat(decoded.attrs().keySet())
                .containsExactlyElementsOf(node.attrs().keySet());
        assertThat(NodeDecoder.decode(Hex.bytes(hex.substring(2)))).isEqualTo(node);
    }
}
