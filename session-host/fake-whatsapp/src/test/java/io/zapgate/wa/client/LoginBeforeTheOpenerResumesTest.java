package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.OfflineSyncCompleted;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.WaEvent;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.store.InMemoryDeviceStore;
import io.zapgate.wa.store.InMemoryPreKeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A new connection is current before its {@code <success>} is handled, however late the thread that opened it
 * gets to run again. The link used to become current in a dependent of the opener's future; registered after the
 * handshake had finished (the opener's carrier thread descheduled on a busy machine), that dependent ran on the
 * opener's thread while the inbound queue had already handled the login, so the login found its connection "not
 * current" and never reported {@link Connected} (seen about once in a thousand 515 restarts in CI). Here the
 * opener's future completes only after the client logged in and took its offline burst, which makes that
 * schedule certain. Lives in fake-whatsapp's test tree for the real server; package {@code client} for the
 * {@link LinkFactory}.
 */
class LoginBeforeTheOpenerResumesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aLoginHandledBeforeTheOpenerResumesIsReportedConnected() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            InMemoryDeviceStore store = new InMemoryDeviceStore();
            InMemoryPreKeyStore preKeys = new InMemoryPreKeyStore();
            linkByQr(fake, store, preKeys);

            CompletableFuture<Void> burstTaken = new CompletableFuture<>();
            Events events = new Events();
            WaClient client = new WaClient(
                    options(fake),
                    store,
                    preKeys,
                    (core, device, onHandshakeDone) -> SocketLink.open(core, device, onHandshakeDone)
                            .thenCombine(burstTaken, (link, burst) -> link));
            client.addListener(events::add);
            client.addListener(e -> {
                if (e instanceof OfflineSyncCompleted) {
                    burstTaken.complete(null);
                }
            });
            try {
                client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                events.await(Connected.class);
                assertThat(client.isLoggedIn()).isTrue();
                assertThat(fake.recordings().loginCount()).isEqualTo(2);
            } finally {
                client.disconnect();
            }
        }
    }

    private static void linkByQr(FakeWhatsApp fake, InMemoryDeviceStore store, InMemoryPreKeyStore preKeys)
            throws Exception {
        Events events = new Events();
        WaClient client = new WaClient(options(fake), store, preKeys);
        client.addListener(events::add);
        try {
            client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            QrCode qr = events.await(QrCode.class);
            fake.phone().scanQr(qr.code()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            events.await(Connected.class);
        } finally {
            client.disconnect();
        }
    }

    private static WaClientOptions options(FakeWhatsApp fake) {
        return WaClientOptions.builder()
                .url(fake.wsUrl())
                .certificateValidator(fake.certificateVerifier())
                .reconnect(new ReconnectSettings(false, Duration.ofMillis(100), Duration.ofSeconds(1)))
                .build();
    }

    /** Events in arrival order; {@link #await} skips others. */
    private static final class Events {
        private final LinkedBlockingQueue<WaEvent> queue = new LinkedBlockingQueue<>();
        private final List<WaEvent> all = new CopyOnWriteArrayList<>();

        void add(WaEvent event) {
            all.add(event);
            queue.add(event);
        }

        <T extends WaEvent> T await(Class<T> type) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                WaEvent event = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no " + type.getSimpleName() + " event; got " + all);
                }
                if (type.isInstance(event)) {
                    return type.cast(event);
                }
            }
        }
    }
}
