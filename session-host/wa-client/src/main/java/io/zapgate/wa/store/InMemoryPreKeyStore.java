package io.zapgate.wa.store;

import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.PreKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link PreKeyStore} in memory, for tests and development. Keeps only the 32-byte private keys in one
 * compact array (812 keys take about 26 KB) and derives public keys when asked. Thread-safe.
 */
public final class InMemoryPreKeyStore implements PreKeyStore {
    private byte[] privateKeys = new byte[0];
    private int generated;
    private int uploadedUpTo;

    @Override
    public synchronized List<PreKey> getOrGeneratePreKeys(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        int firstId = uploadedUpTo + 1;
        int lastId = uploadedUpTo + count;
        if (lastId > PreKey.MAX_ID) {
            throw new StoreException("pre-key ids exhausted", null);
        }
        while (generated < lastId) {
            append(KeyPair.generate().privateKey());
        }
        List<PreKey> keys = new ArrayList<>(count);
        for (int id = firstId; id <= lastId; id++) {
            int offset = (id - 1) * KeyPair.KEY_LENGTH;
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
        return uploadedUpTo;
    }

    @Override
    public synchronized void deleteAll() {
        Arrays.fill(privateKeys, (byte) 0);
        privateKeys = new byte[0];
        generated = 0;
        uploadedUpTo = 0;
    }

    /** @return how many keys exist (uploaded or not) */
    public synchronized int generatedCount() {
        return generated;
    }

    private void append(byte[] privateKey) {
        int needed = (generated + 1) * KeyPair.KEY_LENGTH;
        if (privateKeys.length < needed) {
            privateKeys = Arrays.copyOf(privateKeys, Math.max(needed, privateKeys.length * 2));
        }
        System.arraycopy(privateKey, 0, privateKeys, generated * KeyPair.KEY_LENGTH, KeyPair.KEY_LENGTH);
        generated++;
    }

    @Override
    public synchronized String toString() {
        return "InMemoryPreKeyStore[generated=" + generated + ", uploaded=" + uploadedUpTo + "]";
    }
}
