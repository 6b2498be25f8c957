package io.zapgate.wa.store;

import java.util.Optional;

/**
 * Persists the one {@link Device} of one WhatsApp session (one store instance per session/instance id).
 *
 * <p>When it is called: {@link #load()} when the client connects without a device in memory; {@link
 * #save(Device)} when pairing succeeds (before the pairing confirmation is sent) and when the server tells us
 * our LID; {@link #delete()} on logout, on a {@code LoggedOut} from the server, or when the confirmation of a
 * fresh pairing could not be sent. All methods may block and may throw {@link StoreException}.
 */
public interface DeviceStore {

    /** @return the saved, paired device, or empty if none was saved (or it was deleted) */
    Optional<Device> load();

    /** Saves (inserts or replaces) the device; it must be durable when this method returns. */
    void save(Device device);

    /** Removes the saved device; a no-op if there is none. */
    void delete();
}
