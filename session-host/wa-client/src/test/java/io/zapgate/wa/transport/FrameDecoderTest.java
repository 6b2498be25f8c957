package io.zapgate.wa.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void severalFramesInOneChunk() {
        byte[] chunk = concat(
                FrameFormat.encode(bytes("a")), FrameFormat.encode(bytes("")), FrameFormat.encode(bytes("hello")));
        List<byte[]> frames = new FrameDecoder().feed(chunk);
        assertThat(frames).containsExactly(bytes("a"), new byte[0], bytes("hello"));
    }

    @Test
    void oneFrameSplitByteByByte() {
        byte[] payload = new byte[300];
        new Random(1).nextBytes(payload);
        byte[] wire = FrameFormat.encode(payload);
        FrameDecoder decoder = new FrameDecoder();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < wire.length; i++) {
            decoder.feed(wire, i, 1, out::add);
            assertThat(out).as("after byte %d", i).hasSize(i == wire.length - 1 ? 1 : 0);
            assertThat(decoder.bufferedBytes()).isEqualTo(i == wire.length - 1 ? 0 : i + 1);
        }
        assertThat(out.get(0)).isEqualTo(payload);
    }

    @Test
    void lengthPrefixIsBigEndianThreeBytes() {
        assertThat(HEX.formatHex(FrameFormat.encode(new byte[0x010203]), 0, 3)).isEqualTo("010203");
        List<byte[]> frames = new FrameDecoder().feed(HEX.parseHex("000002abcd"));
        assertThat(frames).containsExactly(HEX.parseHex("abcd"));
    }

    @Test
    void chunkBoundariesInsideAndAtTheLengthPrefix() {
        byte[] wire = concat(FrameFormat.encode(HEX.parseHex("0102")), FrameFormat.encode(HEX.parseHex("03")));
        // wire = 000002 0102 000001 03; cut at every position of the 2nd prefix and around it
        for (int cut = 0; cut <= wire.length; cut++) {
            FrameDecoder decoder = new FrameDecoder();
            List<byte[]> out = new ArrayList<>();
            decoder.feed(wire, 0, cut, out::add);
            decoder.feed(wire, cut, wire.length - cut, out::add);
            assertThat(out).as("cut at %d", cut).containsExactly(HEX.parseHex("0102"), HEX.parseHex("03"));
            assertThat(decoder.bufferedBytes()).isZero();
        }
    }

    @Test
    void chunkEndingExactlyAfterPrefixOrPayload() {
        FrameDecoder decoder = new FrameDecoder();
        assertThat(decoder.feed(HEX.parseHex("000003"))).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(3); // the prefix is parsed, no payload yet
        assertThat(decoder.feed(HEX.parseHex("aabbcc"))).containsExactly(HEX.parseHex("aabbcc"));
        assertThat(decoder.feed(HEX.parseHex("00"))).isEmpty();
        assertThat(decoder.bufferedBytes()).isEqualTo(1);
        assertThat(decoder.feed(HEX.parseHex("0000"))).containsExactly(new byte[0]);
        assertThat(decoder.feed(new byte[0])).isEmpty();
    }

    @Test
    void oversizeFrameIsRejectedWithNamedException() {
        FrameDecoder decoder = new FrameDecoder(1024, new byte[0]);
        assertThat(decoder.feed(FrameFormat.encode(new byte[1023]))).hasSize(1);
        assertThatThrownBy(() -> decoder.feed(HEX.parseHex("000400")))
                .isInstanceOf(FrameTooLargeException.class)
                .hasMessageContaining("1024")
                .satisfies(
                        e -> assertThat(((FrameTooLargeException) e).length()).isEqualTo(1024));
        assertThatThrownBy(() -> decoder.feed(new byte[1])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void largestLegalFrameIsAcceptedByDefaultLimit() {
        byte[] wire = FrameFormat.encode(new byte[FrameFormat.MAX_FRAME_SIZE - 1]);
        assertThat(HEX.formatHex(wire, 0, 3)).isEqualTo("ffffff");
        assertThat(new FrameDecoder().feed(wire))
                .singleElement()
                .satisfies(f -> assertThat(f).hasSize(FrameFormat.MAX_FRAME_SIZE - 1));
    }

    @Test
    void encoderRejectsPayloadOf16MiB() {
        assertThatThrownBy(() -> FrameFormat.encode(new byte[FrameFormat.MAX_FRAME_SIZE]))
                .isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void introIsStrippedEvenWhenSplit() {
        byte[] wire = concat(FrameFormat.encode(FrameFormat.intro(), bytes("x")), FrameFormat.encode(bytes("y")));
        assertThat(HEX.formatHex(wire, 0, 7)).isEqualTo("57410603000001");
        for (int cut = 0; cut <= wire.length; cut++) {
            FrameDecoder decoder = FrameDecoder.expectingIntro();
            List<byte[]> out = new ArrayList<>();
            decoder.feed(wire, 0, cut, out::add);
            decoder.feed(wire, cut, wire.length - cut, out::add);
            assertThat(out).as("cut at %d", cut).containsExactly(bytes("x"), bytes("y"));
        }
    }

    @Test
    void wrongIntroIsRejected() {
        FrameDecoder decoder = FrameDecoder.expectingIntro();
        assertThat(decoder.feed(HEX.parseHex("5741"))).isEmpty();
        assertThatThrownBy(() -> decoder.feed(HEX.parseHex("0503000001")))
                .isInstanceOf(InvalidIntroException.class)
                .hasMessageContaining("57410603");
        assertThatThrownBy(() -> FrameDecoder.expectingIntro().feed(FrameFormat.encode(bytes("no intro"))))
                .isInstanceOf(InvalidIntroException.class);
    }

    @Test
    void fuzzRandomFramesRandomChunking() {
        Random random = new Random(0x5eed);
        for (int round = 0; round < 300; round++) {
            boolean intro = random.nextBoolean();
            List<byte[]> sent = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            if (intro) {
                stream.writeBytes(FrameFormat.intro());
            }
            for (int i = random.nextInt(20); i >= 0; i--) {
                byte[] payload = new byte[random.nextInt(4) == 0 ? random.nextInt(70_000) : random.nextInt(8)];
                random.nextBytes(payload);
                sent.add(payload);
                stream.writeBytes(FrameFormat.encode(payload));
            }
            byte[] wire = stream.toByteArray();
            FrameDecoder decoder = intro ? FrameDecoder.expectingIntro() : new FrameDecoder();
            List<byte[]> received = new ArrayList<>();
            for (int pos = 0; pos < wire.length; ) {
                int n = Math.min(
                        wire.length - pos, random.nextInt(4) == 0 ? random.nextInt(4) : random.nextInt(100_000));
                decoder.feed(Arrays.copyOfRange(wire, pos, pos + n), received::add);
                pos += n;
            }
            assertThat(received).as("round %d", round).containsExactlyElementsOf(sent);
            assertThat(decoder.bufferedBytes()).isZero();
        }
    }

    @Test
    void fuzzGarbageNeverThrowsAnythingButTransportExceptions() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            FrameDecoder decoder = new FrameDecoder(
                    1 << random.nextInt(1, 20), random.nextBoolean() ? FrameFormat.intro() : new byte[0]);
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            try {
                decoder.feed(garbage, frame -> {});
            } catch (TransportException expected) {
                assertThat(expected).isInstanceOfAny(FrameTooLargeException.class, InvalidIntroException.class);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
