package io.zapgate.wa.transport;

/** The first bytes of a connection were not the expected intro bytes ({@link FrameFormat#intro()}). */
public final class InvalidIntroException extends TransportException {
    private static final long serialVersionUID = 1L;

    /** @param message which bytes were seen */
    public InvalidIntroException(String message) {
        super(message);
    }
}
