package io.zapgate.wa.transport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Pure, socket-free reassembly of frames from arbitrary chunks (WebSocket message payloads).
 * A chunk may hold several frames, a frame (or its 3-byte length prefix, or the intro) may span
 * chunks. Optionally strips and checks an expected intro at the very start (server side).
 *
 * <p>Not thread-safe: feed it from one thread (the connection's event loop). After it threw, the
 * decoder is poisoned and every further {@code feed} throws {@link IllegalStateException}.
 */
public final class FrameDecoder {

    private final int maxFrameSize;
    private final byte[] expectedIntro;
    private int introSeen;

    private final byte[] header = new byte[FrameFormat.LENGTH_SIZE];
    private int headerSeen;
    private byte[] frame;
    private int frameSeen;
    private boolean failed;

    /** A client-side decoder: no intro, limit {@link FrameFormat#MAX_FRAME_SIZE}. */
    public FrameDecoder() {
        this(FrameFormat.MAX_FRAME_SIZE, new byte[0]);
    }

    /**
     * @param maxFrameSize exclusive upper bound of a payload length; lengths {@code >=} it are rejected
     * @param expectedIntro bytes that must open the stream and are stripped; empty for none
     */
    public FrameDecoder(int maxFrameSize, byte[] expectedIntro) {
        if (maxFrameSize < 1) {
            throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
        this.expectedIntro =
                Objects.requireNonNull(expectedIntro, "expectedIntro").clone();
    }

    /** @return a server-side decoder that expects and strips {@link FrameFormat#intro()} */
    public static FrameDecoder expectingIntro() {
        return new FrameDecoder(FrameFormat.MAX_FRAME_SIZE, FrameFormat.intro());
    }

    /**
     * Feeds a whole chunk.
     *
     * @param chunk the bytes received
     * @param sink receives each completed payload, in order
     * @throws FrameTooLargeException if a length prefix is at or above the limit
     * @throws InvalidIntroException if the stream does not start with the expected intro
     */
    public void feed(byte[] chunk, Consumer<byte[]> sink) {
        feed(chunk, 0, chunk.length, sink);
    }

    /**
     * Feeds {@code length} bytes of {@code chunk} from {@code offset}.
     *
     * @param chunk the array holding the received bytes
     * @param offset where the bytes start
     * @param length how many bytes
     * @param sink receives each completed payload, in order
     */
    public void feed(byte[] chunk, int offset, int length, Consumer<byte[]> sink) {
        Objects.checkFromIndexSize(offset, length, chunk.length);
        Objects.requireNonNull(sink, "sink");
        if (failed) {
            throw new IllegalStateException("decoder failed earlier and can not be reused");
        }
        try {
            decode(chunk, offset, offset + length, sink);
        } catch (TransportException e) {
            failed = true;
            frame = null;
            throw e;
        }
    }

    /**
     * Convenience for tests: feeds a chunk and returns the completed payloads.
     *
     * @param chunk the bytes received
     * @return the payloads completed by this chunk
     */
    public List<byte[]> feed(byte[] chunk) {
        List<byte[]> out = new ArrayList<>();
        feed(chunk, out::add);
        return out;
    }

    /** @return bytes of an incomplete intro or frame (length prefix included) consumed so far */
    public int bufferedBytes() {
        int intro = introSeen < expectedIntro.length ? introSeen : 0;
        return intro + (frame == null ? headerSeen : FrameFormat.LENGTH_SIZE + frameSeen);
    }

    private void decode(byte[] in, int pos, int end, Consumer<byte[]> sink) {
        while (pos < end && introSeen < expectedIntro.length) {
            if (in[pos] != expectedIntro[introSeen]) {
                throw new InvalidIntroException(
                        "bad intro: expected " + HexFormat.of().formatHex(expectedIntro) + ", byte " + introSeen
                                + " was " + String.format("%02x", in[pos] & 0xff));
            }
            introSeen++;
            pos++;
        }
        while (pos < end) {
            if (frame == null) {
                int n = Math.min(FrameFormat.LENGTH_SIZE - headerSeen, end - pos);
                System.arraycopy(in, pos, header, headerSeen, n);
                headerSeen += n;
                pos += n;
                if (headerSeen < FrameFormat.LENGTH_SIZE) {
                    return;
                }
                int len = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                if (len >= maxFrameSize) {
                    throw new FrameTooLargeException(len, maxFrameSize);
                }
                headerSeen = 0;
                frame = new byte[len];
                frameSeen = 0;
            }
            int n = Math.min(frame.length - frameSeen, end - pos);
            System.arraycopy(in, pos, frame, frameSeen, n);
            frameSeen += n;
            pos += n;
            if (frameSeen == frame.length) {
                byte[] done = frame;
                frame = null;
                sink.accept(done);
            }
        }
    }

    @Override
    public String toString() {
        return "FrameDecoder[buffered=" + bufferedBytes() + ", intro=" + Arrays.toString(expectedIntro) + "]";
    }
}
