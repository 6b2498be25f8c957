package io.zapgate.wa.fake;

/**
 * A pairing attempt by the fake phone failed: unparseable QR, unknown or expired ref, no pending pairing-code
 * request, a key bundle that does not open (wrong code), a client reply that does not verify, or the
 * companion's connection closed first. The message says which.
 */
public final class FakePairingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong */
    public FakePairingException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong
     * @param cause the underlying error
     */
    public FakePairingException(String message, Throwable cause) {
        super(message, cause);
    }
}
