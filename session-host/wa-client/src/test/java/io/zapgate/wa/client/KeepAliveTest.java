package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.Disconnected;
import io.zapgate.wa.events.KeepAliveRestored;
import io.zapgate.wa.events.KeepAliveTimeout;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeepAliveTest {

    @Test
    void missedPingThenAnsweredPing() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        Instant opened = h.time.instant();
        FakeLink link = h.connect();
        h.time.advance(Duration.ofSeconds(30));
        Node ping = link.next(FakeLink.iq("w:p"));
        assertThat(ping.attr("type")).contains("get");
        assertThat(ping.children()).isEmpty();
        h.time.advance(Duration.ofSeconds(10));
        KeepAliveTimeout timeout = h.await(KeepAliveTimeout.class);
        assertThat(timeout.errorCount()).isEqualTo(1);
        assertThat(timeout.lastSuccess()).isEqualTo(opened);

        h.settle();
        // step to the next ping (due 20-30 s later) a second at a time, so its 10 s deadline cannot pass
        // inside the same clock jump before the test answers it
        Node second = null;
        for (int s = 0; s < 31 && second == null; s++) {
            h.time.advance(Duration.ofSeconds(1));
            second = link.nextWithin(FakeLink.iq("w:p"), Duration.ofMillis(200));
        }
        assertThat(second).as("a second ping within 31 s").isNotNull();
        link.receive(FakeLink.result(second));
        h.await(KeepAliveRestored.class);
        assertThat(link.isOpen()).isTrue();
    }

    @Test
    void threeMinutesOfFailuresDropTheConnection() throws Exception {
        Harness h = new Harness(TestDevices.paired());
        FakeLink link = h.connect();
        int failures = 0;
        while (link.isOpen() && failures < 20) {
            h.time.advance(Duration.ofSeconds(30));
            h.settle();
            h.time.advance(Duration.ofSeconds(10));
            h.await(KeepAliveTimeout.class);
            h.settle();
            failures++;
        }
        assertThat(link.isOpen()).isFalse();
        assertThat(link.closedExpected).isFalse();
        assertThat(failures).isBetween(5, 9);
        assertThat(h.await(Disconnected.class).willReconnect()).isTrue();
    }
}
