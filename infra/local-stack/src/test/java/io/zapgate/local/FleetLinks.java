package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.Await;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.LinkedDevice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Linking many instances through the API for the fleet suites: create, connect (QR), the fake phone scans. */
final class FleetLinks {
    /** One linked instance: its API name and id, and its device on the fake. */
    record Linked(String name, String id, LinkedDevice device) {}

    private FleetLinks() {}

    /** Links {@code prefix-1..count}, four at a time, each until the API says {@code connected}. */
    static List<Linked> linkAll(Api api, String token, FakeWhatsApp fake, String prefix, int count, Duration wait)
            throws Exception {
        List<Linked> linked = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Linked>> futures = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = prefix + "-" + i;
                futures.add(pool.submit(() -> link(api, token, fake, name, wait)));
            }
            for (Future<Linked> f : futures) {
                linked.add(f.get(5, TimeUnit.MINUTES));
            }
        }
        return linked;
    }

    static Linked link(Api api, String token, FakeWhatsApp fake, String name, Duration wait) {
        Api.Reply created = api.post("/api/instance/new", token, "{\"name\":\"" + name + "\"}");
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        String id = created.body().at("/instance/id").asText();
        Api.Reply qr = api.get("/api/instance/connect/" + name, token);
        assertThat(qr.status()).as(name + " " + qr.raw().body()).isEqualTo(200);
        LinkedDevice device = fake.phone()
                .scanQr(qr.body().get("qrCode").asText())
                .orTimeout(30, TimeUnit.SECONDS)
                .join();
        Await.until(name + " connected", wait, () -> "connected".equals(state(api, token, name)));
        return new Linked(name, id, device);
    }

    static String state(Api api, String token, String name) {
        return api.get("/api/instance/list?instanceName=" + name, token)
                .body()
                .at("/instances/0/connection/state")
                .asText();
    }
}
