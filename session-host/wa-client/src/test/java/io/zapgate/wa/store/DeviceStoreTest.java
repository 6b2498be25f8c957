package io.zapgate.wa.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.PreKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceStoreTest {
    private static final Jid JID = Jid.ofAd("15551234567", Jid.DOMAIN_WHATSAPP, 3);

    @Test
    void generatedDeviceIsUnpairedWithValidKeys() {
        Device device = Device.generate();
        assertThat(device.isPaired()).isFalse();
        assertThat(device.jid()).isEmpty();
        assertThat(device.advSecretKey()).hasSize(32);
        assertThat(device.signedPreKey().id()).isEqualTo(1);
        assertThat(device.signedPreKey().verify(device.identityKey().publicKey()))
                .isTrue();
        assertThat(device.toString()).doesNotContain("15551234567");
    }

    @Test
    void pairingKeepsKeysAndAddsIdentity() {
        Device device = Device.generate();
        Device paired = device.paired(JID, null, new byte[] {9}, "android", "Shop");
        assertThat(paired.isPaired()).isTrue();
        assertThat(paired.noiseKey()).isEqualTo(device.noiseKey());
        assertThat(paired.account()).hasValueSatisfying(a -> assertThat(a).containsExactly(9));
        assertThat(paired.businessName()).isEqualTo("Shop");
        assertThat(paired.toString()).doesNotContain("15551234567");
        assertThat(device.isPaired()).isFalse();
        assertThatThrownBy(() -> device.withAdvSecretKey(new byte[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inMemoryDeviceStoreSavesLoadsDeletes() {
        InMemoryDeviceStore store = new InMemoryDeviceStore();
        assertThat(store.load()).isEmpty();
        Device device = Device.generate().paired(JID, null, new byte[] {1}, "", "");
        store.save(device);
        assertThat(store.load()).containsSame(device);
        store.delete();
        assertThat(store.load()).isEmpty();
        assertThat(store.saveCount()).isEqualTo(1);
        assertThat(store.deleteCount()).isEqualTo(1);
    }

    @Test
    void preKeysAreSequentialAndStableUntilUploaded() {
        InMemoryPreKeyStore store = new InMemoryPreKeyStore();
        List<PreKey> first = store.getOrGeneratePreKeys(5);
        assertThat(first).extracting(PreKey::id).containsExactly(1, 2, 3, 4, 5);
        assertThat(store.getOrGeneratePreKeys(5).get(4).keyPair())
                .isEqualTo(first.get(4).keyPair());
        store.markUploaded(5);
        assertThat(store.uploadedCount()).isEqualTo(5);
        assertThat(store.getOrGeneratePreKeys(3)).extracting(PreKey::id).containsExactly(6, 7, 8);
        store.deleteAll();
        assertThat(store.uploadedCount()).isZero();
        assertThat(store.generatedCount()).isZero();
    }

    @Test
    void preKeysArePrunedToTheBoundOldestUploadedFirst() {
        InMemoryPreKeyStore store = new InMemoryPreKeyStore();
        store.getOrGeneratePreKeys(812);
        store.markUploaded(812);
        int last = 812;
        for (int round = 0; round < 100; round++) {
            store.getOrGeneratePreKeys(50);
            last += 50;
            store.markUploaded(last);
            assertThat(store.generatedCount()).isLessThanOrEqualTo(PreKeyStore.MAX_KEPT);
        }
        assertThat(store.generatedCount()).isEqualTo(PreKeyStore.MAX_KEPT);
        assertThat(store.uploadedCount()).isEqualTo(PreKeyStore.MAX_KEPT);
        List<PreKey> pending = store.getOrGeneratePreKeys(PreKeyStore.MAX_KEPT);
        assertThat(pending).extracting(PreKey::id).startsWith(last + 1).endsWith(last + PreKeyStore.MAX_KEPT);
        assertThat(store.getOrGeneratePreKeys(PreKeyStore.MAX_KEPT))
                .extracting(PreKey::keyPair)
                .isEqualTo(pending.stream().map(PreKey::keyPair).toList());
        assertThat(store.uploadedCount()).isZero();
    }
}
