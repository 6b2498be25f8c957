package io.zapgate.wa.transport;

/** A frame length is at or above the allowed maximum (by default {@link FrameFormat#MAX_FRAME_SIZE}). */
public final class FrameTooLargeException extends TransportException {
    private static final long serialVersionUID = 1L;

    private final long length;
    private final long limit;

    /**
     * @param length the offending payload length
     * @param limit the exclusive upper bound that was exceeded
     */
    public FrameTooLargeException(long length, long limit) {
        super("frame too large: " + length + " bytes, limit is < " + limit + " bytes");
        this.length = length;
        this.limit = limit;
    }

    /** @return the offending payload length */
    public long length() {
        return length;
    }

    /** @return the exclusive upper bound */
    public long limit() {
        return limit;
    }
}
