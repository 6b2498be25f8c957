package io.zapgate.sessionhost.store;

import io.zapgate.core.crypto.SecretCipher;
import io.zapgate.core.crypto.SecretCipherException;
import io.zapgate.wa.store.StoreException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The saved-sessions table (key {@code instanceId}): one row per instance holding the encrypted device
 * ({@code device}) and the encrypted one-time pre-keys ({@code preKeys}). Every secret is sealed with the
 * {@link SecretCipher} under the context {@code <instanceId>/<field>}, so a value copied to another row or
 * field does not decrypt. SDK and cipher failures become {@link StoreException}s here. Writes made under a lease
 * carry its fencing token ({@code fence}) and are refused once a newer owner wrote the row
 * ({@link FencedOutException}).
 */
public final class SessionsTable {
    static final String DEVICE = "device";
    static final String PRE_KEYS = "preKeys";
    /** The lease fencing token of the last fenced write (see {@link #update}). */
    static final String FENCE = "fence";
    /** What a wipe removes: everything of the saved session. */
    private static final java.util.List<String> WIPED =
            java.util.List.of(DEVICE, PRE_KEYS, "preKeysGenerated", "preKeysUploaded", "preKeysFirstId");

    private final DynamoDbClient dynamo;
    private final String table;
    private final SecretCipher cipher;
    private final Clock clock;

    public SessionsTable(DynamoDbClient dynamo, String table, SecretCipher cipher, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The row of {@code instanceId} (strongly consistent), empty when there is none. */
    Map<String, AttributeValue> read(String instanceId) {
        Map<String, AttributeValue> item = call(
                "read",
                () -> dynamo.getItem(
                                b -> b.tableName(table).key(key(instanceId)).consistentRead(true))
                        .item());
        return item == null ? Map.of() : item;
    }

    /**
     * Sets ({@code set}: {@code a = :x, …}) and removes ({@code remove}, may be null) attributes of the row; with
     * {@code requireDevice} only when a device is saved (so a late write of a wiped session does not bring the row
     * back). With a {@code fence} (the writer's lease token; null = unfenced) the write also requires
     * {@code attribute_not_exists(fence) OR fence <= :mine} and sets {@code fence = :mine}.
     *
     * @return false when {@code requireDevice} and no device is saved
     * @throws FencedOutException when the row carries a higher fence than {@code fence}
     */
    boolean update(
            String instanceId,
            String set,
            String remove,
            Map<String, AttributeValue> values,
            boolean requireDevice,
            Long fence) {
        String expression = "SET " + set + ", updatedAt = :at" + (fence == null ? "" : ", " + FENCE + " = :mine")
                + (remove == null ? "" : " REMOVE " + remove);
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(":at", AttributeValue.fromS(clock.instant().toString()));
        String condition = requireDevice ? "attribute_exists(" + DEVICE + ")" : null;
        if (fence != null) {
            all.put(":mine", AttributeValue.fromN(Long.toString(fence)));
            String fenced = "(attribute_not_exists(" + FENCE + ") OR " + FENCE + " <= :mine)";
            condition = condition == null ? fenced : condition + " AND " + fenced;
        }
        String finalCondition = condition;
        try {
            call(
                    "update",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(instanceId))
                            .updateExpression(expression)
                            .expressionAttributeValues(all)
                            .conditionExpression(finalCondition)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            if (fence != null) {
                long current = fenceOf(read(instanceId));
                if (current > fence) {
                    throw new FencedOutException(instanceId, fence, current);
                }
            }
            return false;
        }
    }

    /**
     * Wipes the saved session (device and pre-keys). Unfenced ({@code fence} null): removes them from an existing
     * row and keeps its {@code fence}, so an older owner still cannot write the session back; a no-op without a
     * row. Fenced: leaves a tombstone (the row with only {@code fence = :mine}, created if missing), refused
     * with {@link FencedOutException} when a newer owner wrote the row. A row without a device reads as no
     * session.
     */
    void wipe(String instanceId, Long fence) {
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":at", AttributeValue.fromS(clock.instant().toString()));
        String expression = "SET updatedAt = :at" + (fence == null ? "" : ", " + FENCE + " = :mine") + " REMOVE "
                + String.join(", ", WIPED);
        String condition;
        if (fence == null) {
            condition = "attribute_exists(instanceId)";
        } else {
            values.put(":mine", AttributeValue.fromN(Long.toString(fence)));
            condition = "attribute_not_exists(" + FENCE + ") OR " + FENCE + " <= :mine";
        }
        try {
            call(
                    "wipe",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(instanceId))
                            .updateExpression(expression)
                            .expressionAttributeValues(values)
                            .conditionExpression(condition)));
        } catch (ConditionalCheckFailedException e) {
            if (fence != null) {
                throw new FencedOutException(instanceId, fence, fenceOf(read(instanceId)));
            }
        }
    }

    /** The fencing token on a row, 0 when it has none (a row written before fencing existed). */
    static long fenceOf(Map<String, AttributeValue> row) {
        AttributeValue v = row.get(FENCE);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    String seal(String instanceId, String field, String plaintext) {
        return cipher.encrypt(plaintext, instanceId + "/" + field);
    }

    String open(String instanceId, String field, String sealed) {
        try {
            return cipher.decrypt(sealed, instanceId + "/" + field);
        } catch (SecretCipherException e) {
            throw new StoreException("saved session of this instance could not be decrypted (" + field + ")", e);
        }
    }

    private static Map<String, AttributeValue> key(String instanceId) {
        return Map.of("instanceId", AttributeValue.fromS(instanceId));
    }

    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new StoreException("saved session storage failed: " + operation, e);
        }
    }
}
