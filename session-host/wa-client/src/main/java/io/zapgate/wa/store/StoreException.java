package io.zapgate.wa.store;

/** Thrown by a {@link DeviceStore} or {@link PreKeyStore} implementation when the backing storage fails. */
public class StoreException extends RuntimeException {
    /** @param message what failed @param cause the storage error, may be null */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
