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
 * field does not decrypt. SDK and cipher failures become {@link StoreException}s here.
 */
public final class SessionsTable {
    static final String DEVICE = "device";
    static final String PRE_KEYS = "preKeys";
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
     * Sets ({@code set}: {@code a = :x, …}) and removes ({@code remove}, may be null) attributes of the row; with {@code requireDevice} only when a device is saved (so a late write of a
     * wiped session does not bring the row back).
     *
     * @return false when {@code requireDevice} and no device is saved
     */
    boolean update(
            String instanceId, String set, String remove, Map<String, AttributeValue> values, boolean requireDevice) {
        String expression = "SET " + set + ", updatedAt = :at" + (remove == null ? "" : " REMOVE " + remove);
        Map<String, AttributeValue> all = new java.util.HashMap<>(values);
        all.put(":at", AttributeValue.fromS(clock.instant().toString()));
        try {
            call(
                    "update",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(key(instanceId))
                            .updateExpression(expression)
                            .expressionAttributeValues(all)
                            .conditionExpression(requireDevice ? "attribute_exists(" + DEVICE + ")" : null)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Deletes the whole row (device and pre-keys); a no-op when there is none. */
    void delete(String instanceId) {
        call("delete", () -> dynamo.deleteItem(b -> b.tableName(table).key(key(instanceId))));
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
