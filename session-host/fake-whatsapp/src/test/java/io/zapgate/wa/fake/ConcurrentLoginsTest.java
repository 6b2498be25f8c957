package io.zapgate.wa.fake;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake counts logged-in sockets per device: open now, the most open at once (two owners of one session show
 * as 2), and logins per device.
 */
class ConcurrentLoginsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final FakeWhatsApp fake = FakeWhatsApp.start();

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void oneSocketAfterAnotherNeverCountsTwo() throws Exception {
        TestCompanion companion = new TestCompanion();
        int device = Flows.pairByQr(fake, companion).device();
        Recordings r = fake.recordings();
        assertThat(r.maxConcurrentLoggedInSockets(device))
                .as("the pairing socket never logged in")
                .isZero();
        try (ScriptedClient first = Flows.login(fake, companion)) {
            assertThat(r.openLoggedInSockets(device)).isEqualTo(1);
        }
        assertThat(r.awaitUntil(rec -> rec.openLoggedInSockets(device) == 0, WAIT))
                .isTrue();
        try (ScriptedClient second = Flows.login(fake, companion)) {
            assertThat(r.openLoggedInSockets(device)).isEqualTo(1);
        }
        assertThat(r.awaitUntil(rec -> rec.openLoggedInSockets(device) == 0, WAIT))
                .isTrue();
        assertThat(r.loginCount(device)).isEqualTo(2);
        assertThat(r.maxConcurrentLoggedInSockets(device)).isEqualTo(1);
        assertThat(r.maxConcurrentLoggedInSockets()).containsExactlyEntriesOf(java.util.Map.of(device, 1));
    }

    @Test
    void aSecondLoginWhileTheFirstIsOpenCountsTwoAndReplacesIt() throws Exception {
        TestCompanion companion = new TestCompanion();
        int device = Flows.pairByQr(fake, companion).device();
        Recordings r = fake.recordings();
        try (ScriptedClient first = Flows.login(fake, companion);
                ScriptedClient second = Flows.login(fake, companion)) {
            Node replaced = first.next("stream:error");
            assertThat(replaced.child("conflict").flatMap(c -> c.attr("type"))).contains("replaced");
            first.awaitClose();
            assertThat(r.awaitUntil(rec -> rec.openLoggedInSockets(device) == 1, WAIT))
                    .isTrue();
            assertThat(second.isOpen()).isTrue();
        }
        assertThat(r.awaitUntil(rec -> rec.openLoggedInSockets(device) == 0, WAIT))
                .isTrue();
        assertThat(r.maxConcurrentLoggedInSockets(device)).isEqualTo(2);
        assertThat(r.loginCount(device)).isEqualTo(2);
    }

    @Test
    void aDroppedSocketIsNoLongerOpen() throws Exception {
        TestCompanion companion = new TestCompanion();
        int device = Flows.pairByQr(fake, companion).device();
        try (ScriptedClient client = Flows.login(fake, companion)) {
            assertThat(fake.phone().dropSocket()).isEqualTo(1);
            client.awaitClose();
            assertThat(fake.recordings().awaitUntil(rec -> rec.openLoggedInSockets(device) == 0, WAIT))
                    .isTrue();
        }
        assertThat(fake.recordings().openLoggedInSockets(99)).isZero();
    }
}
