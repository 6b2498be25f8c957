package io.zapgate.wa.store;

import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.PreKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link PreKeyStore} in memory, for tests and development. Keeps only the 32-byte private keys of ids
 * {@code firstId..generated} in one compact array (812 keys take about 26 KB) and derives public keys when
 * asked; prunes the oldest uploaded keys beyond {@value PreKeyStore#MAX_KEPT}. Thread-safe.
 */
public final class InMemoryPreKeyStore implements PreKeyStore {
    private byte[] privateKeys = new byte[0];
    private int firstId = 1;
    private int generated;
    private int uploadedUpTo;

    @Override
    public synchronized List<PreKey> getOrGeneratePreKeys(int count) {
        if (count <= 0 || count > MAX_KEPT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_KEPT + ": " + count);
        }
        int lastId = uploadedUpTo + count;
        if (lastId > PreKey.MAX_ID) {
            throw new StoreException("pre-key ids exhausted", null);
        }
        if (generated < lastId) {
            int keep = Math.min(generated - firstId + 1, MAX_KEPT - (lastId - generated));
            int newFirst = generated - keep + 1;
            byte[] next = new byte[(lastId - newFirst + 1) * KeyPair.KEY_LENGTH];
            System.arraycopy(
                    privateKeys, (newFirst - firstId) * KeyPair.KEY_LENGTH, next, 0, keep * KeyPair.KEY_LENGTH);
            for (int id = generated + 1; id <= lastId; id++) {
                System.arraycopy(
                        KeyPair.generate().privateKey(),
                        0,
                        next,
                        (id - newFirst) * KeyPair.KEY_LENGTH,
                        KeyPair.KEY_LENGTH);
            }
            Arrays.fill(privateKeys, (byte) 0);
            privateKeys = next;
            firstId = newFirst;
            generated = lastId;
        }
        List<PreKey> keys = new ArrayList<>(count);
        for (int id = uploadedUpTo + 1; id <= lastId; id++) {
            int offset = (id - firstId) * KeyPair.KEY_LENGTH;
            byte[] priv = Arrays.copyOfRange(privateKeys, offset, offset + KeyPair.KEY_LENGTH);
            keys.add(PreKey.of(id, KeyPair.fromPrivate(priv)));
        }
        return keys;
    }

    @Override
    public synchronized void markUploaded(int upToId) {
        if (upToId > generated) {
            throw new IllegalArgumentException("pre-key " + upToId + " was never generated");
        }
        uploadedUpTo = Math.max(uploadedUpTo, upToId);
    }

    @Override
    public synchronized int uploadedCount() {
        return Math.max(0, uploadedUpTo - firstId + 1);
    }

    @Override
    public synchronized void deleteAll() {
        Arrays.fill(privateKeys, (byte) 0);
        privateKeys = new byte[0];
        firstId = 1;
        generated = 0;
        uploadedUpTo = 0;
    }

    /** @return how many keys are kept (uploaded or not) */
    public synchronized int generatedCount() {
        return generated - firstId + 1;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryPreKeyStore[kept=" + firstId + ".." + generated + ", uploaded=" + uploadedUpTo + "]";
    }
}
