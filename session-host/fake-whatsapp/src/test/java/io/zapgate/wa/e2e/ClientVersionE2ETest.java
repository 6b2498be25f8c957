package io.zapgate.wa.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.events.ClientOutdated;
import io.zapgate.wa.events.Connected;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.fake.FakeWhatsApp;
import io.zapgate.wa.fake.FakeWhatsAppOptions;
import io.zapgate.wa.fake.ServedVersion;
import io.zapgate.wa.store.InMemoryDeviceStore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The fake refuses a client below its minimum version with 405; the client reports it and stops. */
class ClientVersionE2ETest {

    @Test
    void aClientBelowTheMinimumIsOutdated() throws Exception {
        FakeWhatsAppOptions options =
                FakeWhatsAppOptions.defaults().withMinimumVersion(ServedVersion.parse("2.3000.2000000000"));
        try (FakeWhatsApp fake = FakeWhatsApp.start(options);
                E2E e2e = new E2E(fake)) {
            e2e.client.connect().handle((v, e) -> null).get(E2E.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            e2e.await(ClientOutdated.class);
            assertThat(e2e.all).noneMatch(e -> e instanceof QrCode);
        }
    }

    @Test
    void raisingTheMinimumMidRunRefusesTheNextLogin() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start()) {
            InMemoryDeviceStore store = new InMemoryDeviceStore();
            try (E2E first = new E2E(fake, store, b -> b)) {
                first.linkByQr();
            }
            fake.setVersions(ServedVersion.parse("2.3000.2000000000"), null);
            try (E2E second = new E2E(fake, store, b -> b)) {
                second.client.connect().handle((v, e) -> null).get(E2E.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                second.await(ClientOutdated.class);
                assertThat(second.all).noneMatch(e -> e instanceof Connected);
                assertThat(store.load()).as("405 is not a logout").isPresent();
            }
        }
    }

    /**
     * Issue case "405 at login → refetch → logged in": the client follows the fake's version page; the minimum is
     * raised mid-run above the version the client used, so the next login is refused with 405, the client
     * refetches the page (which now names the new version), retries once and logs in.
     */
    @Test
    void a405AtLoginRefetchesTheVersionAndLogsIn() throws Exception {
        try (FakeWhatsApp fake = FakeWhatsApp.start();
                io.zapgate.wa.fake.ControlServer control = io.zapgate.wa.fake.ControlServer.start(fake, 0);
                io.zapgate.wa.client.AppVersionProvider versions = io.zapgate.wa.client.AppVersionProvider.fetching(
                        control.uri().resolve("/web/"))) {
            versions.start().get(E2E.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            InMemoryDeviceStore store = new InMemoryDeviceStore();
            try (E2E first = new E2E(fake, store, b -> b.versions(versions))) {
                first.linkByQr();
            }
            fake.setVersions(ServedVersion.parse("2.3000.2000000000"), ServedVersion.parse("2.3000.2000000001"));
            try (E2E second = new E2E(fake, store, b -> b.versions(versions))) {
                second.client.connect().handle((v, e) -> null).get(E2E.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                second.await(Connected.class);
                assertThat(second.all).noneMatch(e -> e instanceof ClientOutdated);
                assertThat(versions.current().tertiary()).isEqualTo(2000000001);
                assertThat(fake.recordings().delivery().ackStreamErrors()).isEmpty();
            }
        }
    }
}
