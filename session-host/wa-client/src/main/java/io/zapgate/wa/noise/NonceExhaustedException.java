package io.zapgate.wa.noise;

/** A uint32 nonce counter ran out; continuing would reuse a nonce, so the session must be dropped. */
public final class NonceExhaustedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NonceExhaustedException(String message) {
        super(message);
    }
}
