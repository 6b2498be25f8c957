package io.zapgate.bench;

import io.zapgate.wa.client.ReconnectSettings;
import io.zapgate.wa.client.WaClient;
import io.zapgate.wa.client.WaClientOptions;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.store.InMemoryDeviceStore;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Time from socket open to the first QR for fresh registrations against the fake WhatsApp (child process,
 * loopback): each round builds a new {@link WaClient} with a new, unpaired device (keys generated before the
 * clock starts), calls {@code connect()} (TCP + WebSocket upgrade + Noise XX with the registration payload),
 * and stops the clock when the first {@code QrCode} event arrives (server's {@code pair-device} with 6 refs,
 * acknowledged, first QR string built). Rounds run one after another; the client disconnects after each.
 *
 * <p>Arguments: {@code [rounds=200] [warmup=30]}.
 */
public final class QrLatencyBench {
    private QrLatencyBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (FakeWhatsAppProcess fake = FakeWhatsAppProcess.start("512m")) {
            WaClientOptions options = WaClientOptions.builder()
                    .url(fake.wsUrl())
                    .certificateValidator(fake.certificateVerifier())
                    .reconnect(ReconnectSettings.DISABLED)
                    .build();
            for (int i = 0; i < warmup; i++) {
                once(options);
            }
            long[] handshake = new long[rounds];
            long[] qr = new long[rounds];
            long[] keygen = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                long[] r = once(options);
                keygen[i] = r[0];
                handshake[i] = r[1];
                qr[i] = r[2];
            }
            System.out.printf(
                    "fresh registrations: %d (after %d warm-up), fake WhatsApp in child process pid %d%n",
                    rounds, warmup, fake.pid());
            System.out.printf("%-44s %8s %8s %8s %8s%n", "phase", "p50 ms", "p99 ms", "mean ms", "max ms");
            row("new Device (keys, not in the timed span)", keygen);
            row("connect() -> Noise handshake done", handshake);
            row("connect() -> first QR (socket open to QR)", qr);
        }
    }

    /** @return nanoseconds: device generation, connect → handshake done, connect → first QrCode */
    static long[] once(WaClientOptions options) throws Exception {
        long k0 = System.nanoTime();
        WaClient client = new WaClient(options, new InMemoryDeviceStore());
        client.device(); // generate the fresh device outside the timed span
        long k1 = System.nanoTime();
        CompletableFuture<Long> firstQr = new CompletableFuture<>();
        client.addListener(e -> {
            if (e instanceof QrCode) {
                firstQr.complete(System.nanoTime());
            }
        });
        try {
            long t0 = System.nanoTime();
            CompletableFuture<Long> handshake = client.connect().thenApply(v -> System.nanoTime());
            long qrAt = firstQr.get(20, TimeUnit.SECONDS);
            long hsAt = handshake.get(20, TimeUnit.SECONDS);
            return new long[] {k1 - k0, hsAt - t0, qrAt - t0};
        } finally {
            client.disconnect();
        }
    }

    private static void row(String phase, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(
                "%-44s %8.2f %8.2f %8.2f %8.2f%n",
                phase,
                ms(pct(s, 50)),
                ms(pct(s, 99)),
                ms((long) Arrays.stream(s).average().orElse(0)),
                ms(s[s.length - 1]));
    }

    static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
