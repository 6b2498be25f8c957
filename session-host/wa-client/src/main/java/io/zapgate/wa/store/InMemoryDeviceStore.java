package io.zapgate.wa.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link DeviceStore} in a field: for tests and development. Thread-safe; counts writes for assertions. */
public final class InMemoryDeviceStore implements DeviceStore {
    private final AtomicReference<Device> device = new AtomicReference<>();
    private final AtomicInteger saves = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();

    /** An empty store. */
    public InMemoryDeviceStore() {}

    /** A store that already holds {@code device} (e.g. a session saved by an earlier client). */
    public InMemoryDeviceStore(Device device) {
        this.device.set(Objects.requireNonNull(device, "device"));
    }

    @Override
    public Optional<Device> load() {
        return Optional.ofNullable(device.get());
    }

    @Override
    public void save(Device value) {
        device.set(Objects.requireNonNull(value, "device"));
        saves.incrementAndGet();
    }

    @Override
    public void delete() {
        device.set(null);
        deletes.incrementAndGet();
    }

    /** @return how many times {@link #save} was called */
    public int saveCount() {
        return saves.get();
    }

    /** @return how many times {@link #delete} was called */
    public int deleteCount() {
        return deletes.get();
    }

    @Override
    public String toString() {
        return "InMemoryDeviceStore[" + device.get() + "]";
    }
}
