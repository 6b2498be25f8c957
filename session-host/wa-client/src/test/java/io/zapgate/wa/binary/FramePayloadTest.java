package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class FramePayloadTest {

    static final Node PING = Node.builder("iq")
            .attr("id", "1")
            .attr("to", Jid.SERVER_JID)
            .attr("type", "get")
            .attr("xmlns", "w:p")
            .children(Node.of("ping"))
            .build();

    static byte[] zlibFrame(byte[] body, int flags) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(body);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        byte[] chunk = new byte[8192];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        deflater.end();
        return out.toByteArray();
    }

    @Test
    void encodeWritesZeroFlagsByte() {
        byte[] frame = FramePayload.encode(PING);
        assertThat(frame[0]).isZero();
        assertThat(Arrays.copyOfRange(frame, 1, frame.length)).isEqualTo(NodeEncoder.encode(PING));
    }

    @Test
    void zlibFlaggedFrameDecodes() throws BinaryParseException {
        byte[] frame = zlibFrame(NodeEncoder.encode(PING), 0x02);
        assertThat(frame).startsWith(0x02, 0x78);
        assertThat(FramePayload.decode(frame)).isEqualTo(PING);
        assertThat(FramePayload.unpack(frame)).isEqualTo(NodeEncoder.encode(PING));
    }

    @Test
    void otherFlagBitsAreIgnored() throws BinaryParseException {
        byte[] plain = FramePayload.encode(PING);
        plain[0] = (byte) 0xFD; // every bit but 0x02
        assertThat(FramePayload.decode(plain)).isEqualTo(PING);
        assertThat(FramePayload.decode(zlibFrame(NodeEncoder.encode(PING), 0x06)))
                .isEqualTo(PING);
    }

    @Test
    void largeCompressedBodyWithinLimitDecodes() throws BinaryParseException {
        byte[] content = new byte[3 * 1024 * 1024];
        Node big = Node.builder("media").content(content).build();
        assertThat(FramePayload.decode(zlibFrame(NodeEncoder.encode(big), 2))).isEqualTo(big);
    }

    @Test
    void decompressionBombIsRejected() {
        byte[] bomb = zlibFrame(new byte[FramePayload.MAX_INFLATED_SIZE + 1], 2);
        assertThat(bomb.length).isLessThan(64 * 1024);
        assertThatThrownBy(() -> FramePayload.decode(bomb))
                .isInstanceOf(BinaryParseException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void brokenZlibIsRejected() {
        byte[] frame = zlibFrame(NodeEncoder.encode(PING), 2);
        byte[] truncated = Arrays.copyOf(frame, frame.length - 3);
        assertThatThrownBy(() -> FramePayload.decode(truncated)).isInstanceOf(BinaryParseException.class);
        byte[] garbage = {2, 1, 2, 3, 4, 5};
        assertThatThrownBy(() -> FramePayload.decode(garbage)).isInstanceOf(BinaryParseException.class);
        assertThatThrownBy(() -> FramePayload.decode(new byte[] {2})).isInstanceOf(BinaryParseException.class);
        byte[] corrupted = frame.clone();
        corrupted[corrupted.length - 1] ^= 1; // adler32 mismatch
        assertThatThrownBy(() -> FramePayload.decode(corrupted)).isInstanceOf(BinaryParseException.class);
    }

    @Test
    void emptyOrFlagOnlyPayloadIsRejected() {
        assertThatThrownBy(() -> FramePayload.decode(new byte[0])).isInstanceOf(BinaryParseException.class);
        assertThatThrownBy(() -> FramePayload.unpack(new byte[0])).isInstanceOf(BinaryParseException.class);
        assertThatThrownBy(() -> FramePayload.decode(new byte[] {0})).isInstanceOf(BinaryParseException.class);
    }
}
