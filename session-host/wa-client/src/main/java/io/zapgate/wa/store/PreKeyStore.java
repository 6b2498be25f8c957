package io.zapgate.wa.store;

import io.zapgate.wa.crypto.PreKey;
import java.util.List;

/**
 * The one-time pre-keys of one session (whatsmeow {@code store.PreKeyStore}; spec §6.2). Ids are sequential
 * from 1 and below 2^24.
 *
 * <p>When it is called: after each login, when the server's pre-key count is low, the client asks for
 * {@link #getOrGeneratePreKeys(int)} keys, uploads them and then calls {@link #markUploaded(int)}. {@link
 * #deleteAll()} is called together with {@link DeviceStore#delete()}. Methods may block and may throw {@link
 * StoreException}.
 */
public interface PreKeyStore {

    /**
     * Returns {@code count} keys that were not uploaded yet, generating and saving new ones as needed.
     *
     * @param count how many keys, positive
     * @return the keys, ordered by id
     */
    List<PreKey> getOrGeneratePreKeys(int count);

    /** Marks every key with an id up to and including {@code upToId} as uploaded. */
    void markUploaded(int upToId);

    /** @return how many keys are marked as uploaded (and not yet deleted) */
    int uploadedCount();

    /** Removes all keys (logout). */
    void deleteAll();
}
