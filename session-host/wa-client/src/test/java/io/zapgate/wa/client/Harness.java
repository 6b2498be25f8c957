package io.zapgate.wa.client;

import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.InMemoryDeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A {@link WaClient} wired to {@link FakeLink}s, a manual clock/scheduler and recorded events. */
final class Harness {
    final ManualScheduler time = new ManualScheduler();
    final InMemoryDeviceStore store;
    final InMemoryPreKeyStore preKeys = new InMemoryPreKeyStore();
    final List<FakeLink> links = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<WaEvent> events = new LinkedBlockingQueue<>();
    final List<WaEvent> allEvents = new CopyOnWriteArrayList<>();
    final WaClient client;

    Harness(Device saved) {
        this(saved, b -> b);
    }

    Harness(Device saved, UnaryOperator<WaClientOptions.Builder> tweak) {
        store = saved == null ? new InMemoryDeviceStore() : new InMemoryDeviceStore(saved);
        WaClientOptions options = tweak.apply(
                        WaClientOptions.builder().clock(time).scheduler(time))
                .build();
        client = new WaClient(options, store, preKeys, (core, device, onHandshakeDone) -> {
            FakeLink link = new FakeLink();
            link.attachTo(core);
            synchronized (links) {
                links.add(link);
                links.notifyAll();
            }
            onHandshakeDone.accept(link);
            return CompletableFuture.completedFuture(link);
        });
        client.addListener(e -> {
            allEvents.add(e);
            events.add(e);
        });
    }

    ClientCore core() {
        return client.core();
    }

    FakeLink connect() throws Exception {
        int before = links.size();
        client.connect().get(10, TimeUnit.SECONDS);
        return links.get(before);
    }

    FakeLink lastLink() {
        return links.get(links.size() - 1);
    }

    /** Waits (wait/notify, 10 s at most) until {@code count} links were opened; @return the {@code count}-th */
    FakeLink awaitLinks(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (links) {
            while (links.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(
                            "expected " + count + " links, got " + links.size() + "; events " + allEvents);
                }
                TimeUnit.NANOSECONDS.timedWait(links, left);
            }
            return links.get(count - 1);
        }
    }

    /** Waits for the next event of {@code type}, skipping others. */
    <T extends WaEvent> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            WaEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event; got " + allEvents);
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
    }

    /** Waits until queued inbound work and event delivery are done (submits a marker through both queues). */
    void settle() throws Exception {
        for (int i = 0; i < 3; i++) {
            CompletableFuture<Void> marker = new CompletableFuture<>();
            core().inbound.execute(() -> marker.complete(null));
            marker.get(10, TimeUnit.SECONDS);
        }
    }
}
