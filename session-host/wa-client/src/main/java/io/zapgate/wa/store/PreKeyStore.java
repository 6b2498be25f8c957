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
 *
 * <p>Pruning: a store keeps at most {@value #MAX_KEPT} keys. When new keys would take it past that bound, the
 * oldest <em>uploaded</em> keys (lowest ids) are dropped; keys generated but not uploaded yet are never
 * dropped. whatsmeow deletes a key once an incoming {@code pkmsg} used it and keeps the uploaded, unused ones;
 * this client does not decrypt messages, so it cannot tell which keys were used and keeps the newest ones
 * instead. The server holds at most the {@code 812} of the first upload plus a few top-ups of {@code 50}, so
 * the keys it can still hand out are (nearly always) among the newest {@value #MAX_KEPT}; a message built on
 * an older, dropped key cannot be decrypted, as with any missing key.
 */
public interface PreKeyStore {
    /**
     * Most keys one store keeps (about 64 KB of private keys; about 115 KB once sealed and stored, well under
     * DynamoDB's 400 KB item limit). At least the first upload (812) plus a top-up (50), twice over.
     */
    int MAX_KEPT = 2000;

    /**
     * Returns {@code count} keys that were not uploaded yet, generating and saving new ones as needed.
     *
     * @param count how many keys, positive and at most {@value #MAX_KEPT}
     * @return the keys, ordered by id
     */
    List<PreKey> getOrGeneratePreKeys(int count);

    /** Marks every key with an id up to and including {@code upToId} as uploaded. */
    void markUploaded(int upToId);

    /** @return how many keys are marked as uploaded and still kept (not pruned or deleted) */
    int uploadedCount();

    /** Removes all keys (logout). */
    void deleteAll();
}
