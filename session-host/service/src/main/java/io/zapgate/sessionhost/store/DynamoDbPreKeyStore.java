package io.zapgate.sessionhost.store;

import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.crypto.PreKey;
import io.zapgate.wa.store.PreKeyStore;
import io.zapgate.wa.store.StoreException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one-time pre-keys of one instance, on the same sessions-table row as its device: the private keys
 * (32 bytes each, ids {@code preKeysFirstId..preKeysGenerated} in order) concatenated and encrypted in
 * {@code preKeys}, with the highest generated and uploaded ids ({@code preKeysGenerated},
 * {@code preKeysUploaded}) beside them. At most {@value PreKeyStore#MAX_KEPT} keys are kept: generating past
 * that drops the oldest uploaded keys (see {@link PreKeyStore}), so the row stays far below DynamoDB's 400 KB
 * item limit however many top-ups a session sees. Writes require a saved device (keys are
 * only uploaded after a login), so a write racing a logout never brings a wiped row back; fenced writes throw
 * {@link FencedOutException} once a newer lease owner wrote the row.
 */
public final class DynamoDbPreKeyStore implements PreKeyStore {
    private static final String GENERATED = "preKeysGenerated";
    private static final String UPLOADED = "preKeysUploaded";
    private static final String FIRST = "preKeysFirstId";
    private final SessionsTable table;
    private final String instanceId;
    /** The lease's fencing token every write carries; null = unfenced. */
    private final Long fence;

    public DynamoDbPreKeyStore(SessionsTable table, String instanceId) {
        this(table, instanceId, null);
    }

    /** A store whose writes are fenced by {@code fence} (null = unfenced): see {@link SessionsTable#update}. */
    public DynamoDbPreKeyStore(SessionsTable table, String instanceId, Long fence) {
        this.table = table;
        this.instanceId = instanceId;
        this.fence = fence;
    }

    @Override
    public synchronized List<PreKey> getOrGeneratePreKeys(int count) {
        if (count <= 0 || count > MAX_KEPT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_KEPT + ": " + count);
        }
        Map<String, AttributeValue> row = table.read(instanceId);
        int uploaded = number(row, UPLOADED);
        int lastId = uploaded + count;
        if (lastId > PreKey.MAX_ID) {
            throw new StoreException("pre-key ids exhausted", null);
        }
        byte[] keys = privateKeys(row);
        int firstId = firstId(row);
        int generated = firstId - 1 + keys.length / KeyPair.KEY_LENGTH;
        if (generated < lastId) {
            // drop the oldest uploaded keys so at most MAX_KEPT stay; ids above `uploaded` are never dropped
            int keep = Math.min(generated - firstId + 1, MAX_KEPT - (lastId - generated));
            int newFirst = generated - keep + 1;
            byte[] next = new byte[(lastId - newFirst + 1) * KeyPair.KEY_LENGTH];
            System.arraycopy(keys, (newFirst - firstId) * KeyPair.KEY_LENGTH, next, 0, keep * KeyPair.KEY_LENGTH);
            for (int id = generated + 1; id <= lastId; id++) {
                System.arraycopy(
                        KeyPair.generate().privateKey(),
                        0,
                        next,
                        (id - newFirst) * KeyPair.KEY_LENGTH,
                        KeyPair.KEY_LENGTH);
            }
            Arrays.fill(keys, (byte) 0);
            keys = next;
            firstId = newFirst;
            String sealed = table.seal(
                    instanceId, SessionsTable.PRE_KEYS, Base64.getEncoder().encodeToString(keys));
            boolean saved = table.update(
                    instanceId,
                    SessionsTable.PRE_KEYS + " = :k, " + GENERATED + " = :g, " + FIRST + " = :f",
                    null,
                    Map.of(
                            ":k",
                            AttributeValue.fromS(sealed),
                            ":g",
                            AttributeValue.fromN(Integer.toString(lastId)),
                            ":f",
                            AttributeValue.fromN(Integer.toString(firstId))),
                    true,
                    fence);
            if (!saved) {
                throw new StoreException("no saved session: pre-keys are only kept for a linked device", null);
            }
        }
        List<PreKey> out = new ArrayList<>(count);
        for (int id = uploaded + 1; id <= lastId; id++) {
            int offset = (id - firstId) * KeyPair.KEY_LENGTH;
            out.add(PreKey.of(id, KeyPair.fromPrivate(Arrays.copyOfRange(keys, offset, offset + KeyPair.KEY_LENGTH))));
        }
        Arrays.fill(keys, (byte) 0);
        return out;
    }

    @Override
    public synchronized void markUploaded(int upToId) {
        Map<String, AttributeValue> row = table.read(instanceId);
        if (upToId > number(row, GENERATED)) {
            throw new IllegalArgumentException("pre-key " + upToId + " was never generated");
        }
        if (upToId > number(row, UPLOADED)
                && !table.update(
                        instanceId,
                        UPLOADED + " = :u",
                        null,
                        Map.of(":u", AttributeValue.fromN(Integer.toString(upToId))),
                        true,
                        fence)) {
            throw new StoreException("no saved session: pre-keys are only kept for a linked device", null);
        }
    }

    @Override
    public int uploadedCount() {
        Map<String, AttributeValue> row = table.read(instanceId);
        return Math.max(0, number(row, UPLOADED) - firstId(row) + 1);
    }

    /** Removes the keys; the device store's delete wipes the whole session, so this only clears a leftover. */
    @Override
    public synchronized void deleteAll() {
        table.update(
                instanceId,
                GENERATED + " = :z, " + UPLOADED + " = :z",
                SessionsTable.PRE_KEYS + ", " + FIRST,
                Map.of(":z", AttributeValue.fromN("0")),
                true,
                fence);
    }

    private byte[] privateKeys(Map<String, AttributeValue> row) {
        AttributeValue sealed = row.get(SessionsTable.PRE_KEYS);
        if (sealed == null || sealed.s() == null) {
            return new byte[0];
        }
        return Base64.getDecoder().decode(table.open(instanceId, SessionsTable.PRE_KEYS, sealed.s()));
    }

    /** Id of the first kept key; 1 for rows written before pruning existed. */
    private static int firstId(Map<String, AttributeValue> row) {
        return row.containsKey(FIRST) ? number(row, FIRST) : 1;
    }

    private static int number(Map<String, AttributeValue> row, String name) {
        AttributeValue v = row.get(name);
        return v == null || v.n() == null ? 0 : Integer.parseInt(v.n());
    }
}
