package io.zapgate.wa.noise;

/** Base of every checked failure in the Noise layer. Messages name the failed step, never key material. */
public abstract class NoiseException extends Exception {
    private static final long serialVersionUID = 1L;

    protected NoiseException(String message) {
        super(message);
    }

    protected NoiseException(String message, Throwable cause) {
        super(message, cause);
    }
}
