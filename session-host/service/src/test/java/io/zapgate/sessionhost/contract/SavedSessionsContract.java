package io.zapgate.sessionhost.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.sessionhost.store.FencedOutException;
import io.zapgate.sessionhost.store.SavedSessions;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.crypto.PreKey;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.StoreException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SavedSessions} does (the in-memory fake and the DynamoDB adapter run these same methods):
 * "linked" means a paired device is saved, stores are per instance, and wiping removes device and pre-keys.
 * Writes under a lease token (fenced stores) are refused once a higher token wrote the session, a row written
 * without a token (before fencing) accepts any, and a wipe under a token leaves a tombstone that reads as no
 * session but still refuses older tokens.
 */
public abstract class SavedSessionsContract {
    protected abstract SavedSessions saved();

    private static String instance() {
        return "inst-" + UUID.randomUUID();
    }

    private static Device paired() {
        return Device.generate().paired(Jid.parse("15551234567:2@s.whatsapp.net"), null, new byte[] {1}, "android", "");
    }

    @Test
    void nothingSavedIsNotLinked() {
        String id = instance();
        assertThat(saved().exists(id)).isFalse();
        assertThat(saved().deviceStore(id).load()).isEmpty();
    }

    @Test
    void anUnpairedDeviceIsNotLinkedAPairedOneIs() {
        String id = instance();
        saved().deviceStore(id).save(Device.generate());
        assertThat(saved().deviceStore(id).load()).isPresent();
        assertThat(saved().exists(id)).isFalse();

        saved().deviceStore(id).save(paired());
        assertThat(saved().exists(id)).isTrue();
        assertThat(saved().deviceStore(id).load().flatMap(Device::jid).map(Jid::user))
                .contains("15551234567");
    }

    @Test
    void storesArePerInstance() {
        String a = instance();
        String b = instance();
        saved().deviceStore(a).save(paired());
        saved().preKeyStore(a).getOrGeneratePreKeys(5);
        assertThat(saved().exists(b)).isFalse();
        assertThat(saved().preKeyStore(b).uploadedCount()).isZero();
    }

    @Test
    void preKeysAreOnlyKeptForASavedDevice() {
        String id = instance();
        assertThatThrownBy(() -> saved().preKeyStore(id).getOrGeneratePreKeys(5))
                .isInstanceOf(StoreException.class);
        saved().deviceStore(id).save(Device.generate());
        assertThat(saved().preKeyStore(id).getOrGeneratePreKeys(5)).hasSize(5);
    }

    @Test
    void preKeysAreKeptUntilUsedAndMarkedUploaded() {
        String id = instance();
        saved().deviceStore(id).save(paired());
        List<PreKey> first = saved().preKeyStore(id).getOrGeneratePreKeys(5);
        assertThat(first).hasSize(5);
        // not uploaded yet: the same keys come back
        assertThat(saved().preKeyStore(id).getOrGeneratePreKeys(5))
                .extracting(PreKey::id)
                .containsExactlyElementsOf(first.stream().map(PreKey::id).toList());
        saved().preKeyStore(id).markUploaded(first.get(4).id());
        assertThat(saved().preKeyStore(id).uploadedCount()).isEqualTo(5);
        assertThat(saved().preKeyStore(id).getOrGeneratePreKeys(2))
                .extracting(PreKey::id)
                .allMatch(k -> k > first.get(4).id());
    }

    @Test
    void wipingRemovesDeviceAndPreKeysAndIsRepeatable() {
        String id = instance();
        saved().deviceStore(id).save(paired());
        List<PreKey> keys = saved().preKeyStore(id).getOrGeneratePreKeys(3);
        saved().preKeyStore(id).markUploaded(keys.get(2).id());

        saved().wipe(id);

        assertThat(saved().exists(id)).isFalse();
        assertThat(saved().deviceStore(id).load()).isEmpty();
        assertThat(saved().preKeyStore(id).uploadedCount()).isZero();
        saved().wipe(id);
        assertThat(saved().exists(id)).isFalse();
    }

    @Test
    void aLowerTokenIsRefusedAndTheSessionKept() {
        String id = instance();
        Device mine = paired();
        saved().deviceStore(id, 5).save(mine);
        assertThatThrownBy(() -> saved().deviceStore(id, 4).save(Device.generate()))
                .isInstanceOf(FencedOutException.class)
                .isInstanceOf(StoreException.class);
        assertThat(saved().exists(id)).isTrue();
        assertThat(saved().deviceStore(id).load().flatMap(Device::jid)).isEqualTo(mine.jid());
    }

    @Test
    void anEqualOrHigherTokenIsAcceptedAndRaisesTheFence() {
        String id = instance();
        saved().deviceStore(id, 5).save(Device.generate());
        saved().deviceStore(id, 5).save(paired());
        saved().deviceStore(id, 6).save(paired());
        assertThat(saved().exists(id)).isTrue();
        // token 6 wrote last: 5 is now older
        assertThatThrownBy(() -> saved().deviceStore(id, 5).save(paired())).isInstanceOf(FencedOutException.class);
    }

    @Test
    void aRowWrittenWithoutATokenAcceptsAFencedWrite() {
        String id = instance();
        saved().deviceStore(id).save(paired());
        saved().preKeyStore(id).getOrGeneratePreKeys(3);

        saved().deviceStore(id, 1).save(paired());
        assertThat(saved().preKeyStore(id, 1).getOrGeneratePreKeys(5)).hasSize(5);
        assertThat(saved().exists(id)).isTrue();
    }

    @Test
    void preKeyWritesOfAnOlderOwnerAreRefused() {
        String id = instance();
        saved().deviceStore(id, 7).save(paired());
        List<PreKey> keys = saved().preKeyStore(id, 7).getOrGeneratePreKeys(5);
        // a newer owner saves the session
        saved().deviceStore(id, 8).save(paired());

        assertThatThrownBy(() ->
                        saved().preKeyStore(id, 7).markUploaded(keys.get(4).id()))
                .isInstanceOf(FencedOutException.class);
        assertThatThrownBy(() -> saved().preKeyStore(id, 7).getOrGeneratePreKeys(10))
                .isInstanceOf(FencedOutException.class);
        assertThat(saved().preKeyStore(id).uploadedCount()).isZero();

        saved().preKeyStore(id, 8).markUploaded(keys.get(4).id());
        assertThat(saved().preKeyStore(id).uploadedCount()).isEqualTo(5);
    }

    @Test
    void aWipeUnderATokenLeavesATombstoneThatRefusesOlderOwners() {
        String id = instance();
        saved().deviceStore(id, 3).save(paired());
        saved().preKeyStore(id, 3).getOrGeneratePreKeys(3);

        saved().wipe(id, 4);

        assertThat(saved().exists(id)).isFalse();
        assertThat(saved().deviceStore(id).load()).isEmpty();
        assertThat(saved().preKeyStore(id).uploadedCount()).isZero();
        // the older owner cannot bring the session back
        assertThatThrownBy(() -> saved().deviceStore(id, 3).save(paired())).isInstanceOf(FencedOutException.class);
        assertThat(saved().exists(id)).isFalse();
        // the owner that wiped it (or a newer one) links anew
        saved().deviceStore(id, 4).save(paired());
        assertThat(saved().exists(id)).isTrue();
    }

    @Test
    void aDeleteThroughTheFencedDeviceStoreIsATombstoneToo() {
        String id = instance();
        saved().deviceStore(id, 2).save(paired());
        saved().deviceStore(id, 2).delete();
        assertThat(saved().exists(id)).isFalse();
        assertThatThrownBy(() -> saved().deviceStore(id, 1).save(paired())).isInstanceOf(FencedOutException.class);
        // a tombstone without a saved session before it works too
        String fresh = instance();
        saved().wipe(fresh, 9);
        assertThat(saved().exists(fresh)).isFalse();
        assertThatThrownBy(() -> saved().deviceStore(fresh, 8).save(paired())).isInstanceOf(FencedOutException.class);
    }

    @Test
    void anOlderOwnerCannotWipeANewerOwnersSession() {
        String id = instance();
        saved().deviceStore(id, 5).save(paired());
        assertThatThrownBy(() -> saved().wipe(id, 4)).isInstanceOf(FencedOutException.class);
        assertThatThrownBy(() -> saved().deviceStore(id, 4).delete()).isInstanceOf(FencedOutException.class);
        assertThat(saved().exists(id)).isTrue();
    }

    @Test
    void aWipeWithoutALeaseKeepsTheFence() {
        String id = instance();
        saved().deviceStore(id, 5).save(paired());
        saved().wipe(id);
        assertThat(saved().exists(id)).isFalse();
        assertThatThrownBy(() -> saved().deviceStore(id, 4).save(paired())).isInstanceOf(FencedOutException.class);
    }
}
