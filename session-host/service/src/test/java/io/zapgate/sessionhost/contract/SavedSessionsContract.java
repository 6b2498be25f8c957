package io.zapgate.sessionhost.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
