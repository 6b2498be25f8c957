package io.zapgate.wa.transport;

/**
 * Receives the frames and the end of one connection.
 *
 * <p><b>Threading:</b> both methods are invoked on the connection's Netty event loop, in order,
 * never concurrently. They must not block (no I/O, no locks held for long, no {@code join()}):
 * hand the work off, e.g. to a virtual thread or a queue. An exception thrown by a callback is
 * logged and otherwise ignored.
 */
public interface FrameListener {

    /**
     * One complete frame payload (without the 3-byte length prefix).
     *
     * @param payload the payload; the listener owns the array
     */
    void onFrame(byte[] payload);

    /**
     * The connection is closed; called exactly once, after the last {@link #onFrame}.
     *
     * @param reason who closed it and why
     */
    void onClose(CloseReason reason);
}
