package io.zapgate.sessionhost.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.aws.AwsIntegration;
import io.zapgate.core.crypto.AesGcmSecretCipher;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.PreKey;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.PreKeyStore;
import io.zapgate.wa.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbSessionStoreIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final String tableName = aws.refs.get("SessionsTable");
    private final byte[] key = new SecureRandom().generateSeed(32);
    private final SessionsTable table =
            new SessionsTable(aws.dynamo, tableName, new AesGcmSecretCipher(key), Clock.systemUTC());
    private final String id = UUID.randomUUID().toString();
    private final DynamoDbDeviceStore devices = new DynamoDbDeviceStore(table, id);
    private final DynamoDbPreKeyStore preKeys = new DynamoDbPreKeyStore(table, id);

    private static Device paired() {
        return Device.generate()
                .paired(
                        Jid.parse("15551234567:3@s.whatsapp.net"),
                        Jid.parse("987654321012345:3@lid"),
                        new byte[] {1, 2, 3, 4},
                        "android",
                        "Acme Ltd")
                .withPushName("Sales");
    }

    private Map<String, AttributeValue> rawRow() {
        return aws.dynamo
                .getItem(b -> b.tableName(tableName)
                        .key(Map.of("instanceId", AttributeValue.fromS(id)))
                        .consistentRead(true))
                .item();
    }

    @Test
    void aSavedDeviceComesBackWithEveryField() {
        assertThat(devices.load()).isEmpty();
        Device saved = paired();
        devices.save(saved);
        Device loaded = new DynamoDbDeviceStore(table, id).load().orElseThrow();
        assertThat(loaded.noiseKey()).isEqualTo(saved.noiseKey());
        assertThat(loaded.identityKey()).isEqualTo(saved.identityKey());
        assertThat(loaded.noiseKey().privateKey()).isEqualTo(saved.noiseKey().privateKey());
        assertThat(loaded.identityKey().privateKey())
                .isEqualTo(saved.identityKey().privateKey());
        assertThat(loaded.signedPreKey().id()).isEqualTo(saved.signedPreKey().id());
        assertThat(loaded.signedPreKey().keyPair().privateKey())
                .isEqualTo(saved.signedPreKey().keyPair().privateKey());
        assertThat(loaded.signedPreKey().signature())
                .isEqualTo(saved.signedPreKey().signature());
        assertThat(loaded.signedPreKey().verify(loaded.identityKey().publicKey()))
                .isTrue();
        assertThat(loaded.registrationId()).isEqualTo(saved.registrationId());
        assertThat(loaded.advSecretKey()).isEqualTo(saved.advSecretKey());
        assertThat(loaded.jid()).isEqualTo(saved.jid());
        assertThat(loaded.lid()).isEqualTo(saved.lid());
        assertThat(loaded.account().orElseThrow()).isEqualTo(new byte[] {1, 2, 3, 4});
        assertThat(loaded.platform()).isEqualTo("android");
        assertThat(loaded.businessName()).isEqualTo("Acme Ltd");
        assertThat(loaded.pushName()).isEqualTo("Sales");
    }

    @Test
    void nothingReadableIsStoredAtRest() {
        Device saved = paired();
        devices.save(saved);
        preKeys.getOrGeneratePreKeys(5);
        Map<String, AttributeValue> row = rawRow();
        String all = row.toString();
        assertThat(row.get("device").s()).startsWith("v2:");
        assertThat(row.get("preKeys").s()).startsWith("v2:");
        assertThat(all)
                .doesNotContain("15551234567")
                .doesNotContain("android")
                .doesNotContain("Acme")
                .doesNotContain(
                        Base64.getEncoder().encodeToString(saved.noiseKey().privateKey()))
                .doesNotContain(HexFormat.of().formatHex(saved.noiseKey().privateKey()));
    }

    @Test
    void aRowCopiedToAnotherInstanceOrReadWithAnotherKeyDoesNotOpen() {
        devices.save(paired());
        String otherId = UUID.randomUUID().toString();
        Map<String, AttributeValue> copy = new java.util.HashMap<>(rawRow());
        copy.put("instanceId", AttributeValue.fromS(otherId));
        aws.dynamo.putItem(b -> b.tableName(tableName).item(copy));
        assertThatThrownBy(() -> new DynamoDbDeviceStore(table, otherId).load()).isInstanceOf(StoreException.class);
        SessionsTable otherKey = new SessionsTable(
                aws.dynamo, tableName, new AesGcmSecretCipher(new SecureRandom().generateSeed(32)), Clock.systemUTC());
        assertThatThrownBy(() -> new DynamoDbDeviceStore(otherKey, id).load()).isInstanceOf(StoreException.class);
    }

    @Test
    void preKeysSurviveAndUploadsAreCounted() {
        devices.save(paired());
        List<PreKey> first = preKeys.getOrGeneratePreKeys(30);
        assertThat(first).extracting(PreKey::id).startsWith(1).endsWith(30);
        assertThat(new DynamoDbPreKeyStore(table, id).getOrGeneratePreKeys(30))
                .extracting(p -> p.keyPair())
                .isEqualTo(first.stream().map(PreKey::keyPair).toList());
        preKeys.markUploaded(30);
        assertThat(preKeys.uploadedCount()).isEqualTo(30);
        assertThat(preKeys.getOrGeneratePreKeys(5)).extracting(PreKey::id).containsExactly(31, 32, 33, 34, 35);
    }

    @Test
    void deleteWipesDeviceAndPreKeysAndLateWritesDoNotBringThemBack() {
        devices.save(paired());
        preKeys.getOrGeneratePreKeys(3);
        devices.delete();
        preKeys.deleteAll();
        // what stays is a tombstone: no secret, only the key, the time and (when fenced) the fence
        assertThat(rawRow().keySet()).isSubsetOf("instanceId", "updatedAt", "fence");
        assertThat(devices.load()).isEmpty();
        assertThatThrownBy(() -> preKeys.getOrGeneratePreKeys(3)).isInstanceOf(StoreException.class);
        assertThat(rawRow().keySet()).isSubsetOf("instanceId", "updatedAt", "fence");
        new DynamoDbSavedSessions(table).wipe(id);
        assertThat(new DynamoDbSavedSessions(table).exists(id)).isFalse();
    }

    /** Bytes DynamoDB counts for an item: attribute names plus string/number values (all this row holds). */
    private static int itemSize(Map<String, AttributeValue> row) {
        int size = 0;
        for (var e : row.entrySet()) {
            AttributeValue v = e.getValue();
            size += e.getKey().length() + (v.s() != null ? v.s().length() : v.n() != null ? v.n().length() : 0);
        }
        return size;
    }

    @Test
    void manyTopUpsKeepThePreKeyItemBoundedAndNeverDropKeysNotUploadedYet() {
        devices.save(paired());
        List<PreKey> initial = preKeys.getOrGeneratePreKeys(812);
        preKeys.markUploaded(initial.get(initial.size() - 1).id());
        int lastUploaded = 812;
        // 160 top-ups of 50: 8,812 keys in all, past the ~7,000 that used to overflow DynamoDB's 400 KB item
        for (int round = 0; round < 160; round++) {
            List<PreKey> batch = preKeys.getOrGeneratePreKeys(50);
            assertThat(batch)
                    .extracting(PreKey::id)
                    .startsWith(lastUploaded + 1)
                    .endsWith(lastUploaded + 50);
            lastUploaded += 50;
            preKeys.markUploaded(lastUploaded);
        }
        Map<String, AttributeValue> row = rawRow();
        assertThat(itemSize(row)).isLessThan(150_000);
        byte[] kept = Base64.getDecoder()
                .decode(table.open(
                        id, SessionsTable.PRE_KEYS, row.get("preKeys").s()));
        assertThat(kept.length / 32).isEqualTo(PreKeyStore.MAX_KEPT);
        assertThat(preKeys.uploadedCount()).isEqualTo(PreKeyStore.MAX_KEPT);

        // keys generated but not uploaded yet are kept (and stay the same) while pruning makes room
        List<PreKey> pending = preKeys.getOrGeneratePreKeys(812);
        assertThat(pending).extracting(PreKey::id).startsWith(lastUploaded + 1).endsWith(lastUploaded + 812);
        assertThat(new DynamoDbPreKeyStore(table, id).getOrGeneratePreKeys(812))
                .extracting(PreKey::keyPair)
                .isEqualTo(pending.stream().map(PreKey::keyPair).toList());
        assertThat(itemSize(rawRow())).isLessThan(150_000);
        assertThatThrownBy(() -> preKeys.getOrGeneratePreKeys(PreKeyStore.MAX_KEPT + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(devices.load()).isPresent();
    }
}
