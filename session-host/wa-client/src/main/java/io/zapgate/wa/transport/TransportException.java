package io.zapgate.wa.transport;

/** Base class of all failures raised by the transport layer. Unchecked. */
public class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public TransportException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
