package io.zapgate.wa.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic fuzzing of the decoders: random bytes and mutations of valid encodings must either decode or
 * throw {@link BinaryParseException} (nothing else), every input must finish quickly, and whatever decodes
 * must re-encode to something that decodes to an equal node.
 */
class DecoderFuzzTest {
    private static final Duration HANG_LIMIT = Duration.ofSeconds(60);

    @Test
    void randomBytes() {
        Random random = new Random(0x5EED_2026L);
        int[] decoded = new int[1];
        assertTimeoutPreemptively(HANG_LIMIT, () -> {
            for (int i = 0; i < 200_000; i++) {
                byte[] input = new byte[random.nextInt(513)];
                random.nextBytes(input);
                if (i % 2 == 0 && input.length > 1) {
                    input[1] = (byte) (0xF8 + random.nextInt(2)); // biased towards a plausible list start
                }
                decoded[0] += check(input) ? 1 : 0;
            }
        });
        assertThat(decoded[0]).isPositive();
    }

    @Test
    void mutationsOfValidEncodings() {
        List<byte[]> seeds = seeds();
        Random random = new Random(42);
        int[] decoded = new int[1];
        assertTimeoutPreemptively(HANG_LIMIT, () -> {
            for (int i = 0; i < 200_000; i++) {
                byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                decoded[0] += check(input) ? 1 : 0;
            }
        });
        assertThat(decoded[0]).isGreaterThan(1000);
    }

    /** Returns true if the frame decoded; fails the test on any exception other than BinaryParseException. */
    static boolean check(byte[] frame) {
        try {
            Node node = FramePayload.decode(frame);
            Node again = FramePayload.decode(FramePayload.encode(node));
            if (!NodeEquality.sameOnTheWire(again, node)) {
                fail("re-encoding changed the node for input " + Hex.hex(frame));
            }
            return true;
        } catch (BinaryParseException expected) {
            return false;
        } catch (Throwable t) {
            throw new AssertionError("unexpected " + t + " for input " + Hex.hex(frame), t);
        }
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] data = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds && data.length > 1; r++) {
            int at = 1 + random.nextInt(data.length - 1);
            switch (random.nextInt(6)) {
                case 0 -> data[at] = (byte) random.nextInt(256);
                case 1 -> data[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> data = Arrays.copyOf(data, at);
                case 3 -> data[at] = (byte) (0xEC + random.nextInt(20)); // special tags
                case 4 -> {
                    byte[] longer = Arrays.copyOf(data, data.length + 1);
                    System.arraycopy(data, at, longer, at + 1, data.length - at);
                    longer[at] = (byte) random.nextInt(256);
                    data = longer;
                }
                default -> {
                    byte[] shorter = new byte[data.length - 1];
                    System.arraycopy(data, 0, shorter, 0, at);
                    System.arraycopy(data, at + 1, shorter, at, data.length - at - 1);
                    data = shorter;
                }
            }
        }
        return data;
    }

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        EncodingVectorsTest.vectors().forEach(a -> seeds.add(FramePayload.encode((Node) a.get()[0])));
        RoundTripTest.jids()
                .forEach(a -> seeds.add(FramePayload.encode(Node.builder("item")
                        .attr("jid", (Jid) a.get()[0])
                        .content((String) null)
                        .build())));
        seeds.add(FramePayload.encode(Node.builder("root")
                .attr("id", "3EB0ABCDEF")
                .attr("t", "-1.5")
                .children(
                        Node.builder("a").content(new byte[300]).build(),
                                Node.builder("b").content("hello").build(),
                        Node.builder("c").children(List.of()).build(),
                                Node.builder("d").attr("x", "").build())
                .build()));
        seeds.add(FramePayloadTest.zlibFrame(NodeEncoder.encode(FramePayloadTest.PING), 2));
        return seeds;
    }
}
