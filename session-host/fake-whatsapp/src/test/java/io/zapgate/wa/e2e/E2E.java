package io.zapgate.wa.e2e;

import io.zapgate.wa.client.ReconnectSettings;
import io.zapgate.wa.client.WaClient;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import io.zapgate.wa.store.InMemoryDeviceStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** End-to-end helpers: a {@link WaClient} against a {@link FakeWhatsApp}, with recorded events. */
final class E2E implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    final FakeWhatsApp fake;
    final InMemoryDeviceStore store;
    final WaClient client;
    final LinkedBlockingQueue<WaEvent> events = new LinkedBlockingQueue<>();
    final List<WaEvent> all = new CopyOnWriteArrayList<>();

    E2E(FakeWhatsApp fake, InMemoryDeviceStore store, UnaryOperator<WaClientOptions.Builder> tweak) {
        this.fake = fake;
        this.store = store;
        WaClientOptions.Builder builder = WaClientOptions.builder()
                .url(fake.wsUrl())
                .certificateValidator(fake.certificateVerifier())
                .reconnect(new ReconnectSettings(true, Duration.ofMillis(100), Duration.ofSeconds(1)));
        this.client = new WaClient(tweak.apply(builder).build(), store);
        client.addListener(e -> {
            all.add(e);
            events.add(e);
        });
    }

    E2E(FakeWhatsApp fake) {
        this(fake, new InMemoryDeviceStore(), b -> b);
    }

    /** Waits for the next event of {@code type}, skipping others. */
    <T extends WaEvent> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            WaEvent event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no " + type.getSimpleName() + " event; got " + all);
            }
            if (type.isInstance(event)) {
                return type.cast(event);
            }
        }
    }

    /** Connects, scans the first QR with the fake phone, and waits until logged in. */
    LinkedDevice linkByQr() throws Exception {
        client.connect().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        QrCode qr = await(QrCode.class);
        LinkedDevice device = fake.phone().scanQr(qr.code()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        await(PairSuccess.class);
        await(Connected.class);
        return device;
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
