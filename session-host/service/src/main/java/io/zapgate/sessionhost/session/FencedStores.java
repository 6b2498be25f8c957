package io.zapgate.sessionhost.session;

import io.zapgate.sessionhost.store.FencedOutException;
import io.zapgate.wa.crypto.PreKey;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.DeviceStore;
import io.zapgate.wa.store.PreKeyStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Wraps the fenced stores a session's client writes through: a write refused by the fence ({@link
 * FencedOutException}) also tells the session ({@code onFencedOut}), whatever the client then does with the
 * exception, so the session is abandoned exactly as when its state write is refused.
 */
final class FencedStores {
    private FencedStores() {}

    static DeviceStore device(DeviceStore store, Runnable onFencedOut) {
        return new DeviceStore() {
            @Override
            public Optional<Device> load() {
                return store.load();
            }

            @Override
            public void save(Device device) {
                guard(onFencedOut, () -> {
                    store.save(device);
                    return null;
                });
            }

            @Override
            public void delete() {
                guard(onFencedOut, () -> {
                    store.delete();
                    return null;
                });
            }
        };
    }

    static PreKeyStore preKeys(PreKeyStore store, Runnable onFencedOut) {
        return new PreKeyStore() {
            @Override
            public List<PreKey> getOrGeneratePreKeys(int count) {
                return guard(onFencedOut, () -> store.getOrGeneratePreKeys(count));
            }

            @Override
            public void markUploaded(int upToId) {
                guard(onFencedOut, () -> {
                    store.markUploaded(upToId);
                    return null;
                });
            }

            @Override
            public int uploadedCount() {
                return store.uploadedCount();
            }

            @Override
            public void deleteAll() {
                guard(onFencedOut, () -> {
                    store.deleteAll();
                    return null;
                });
            }
        };
    }

    private static <T> T guard(Runnable onFencedOut, Supplier<T> write) {
        try {
            return write.get();
        } catch (FencedOutException e) {
            onFencedOut.run();
            throw e;
        }
    }
}
