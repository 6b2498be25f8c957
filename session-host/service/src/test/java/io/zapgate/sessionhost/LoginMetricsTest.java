package io.zapgate.sessionhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.Samples;
import io.zapgate.core.fake.InMemoryCommandResults;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.sessionhost.fake.FakeSessionClients;
import io.zapgate.sessionhost.fake.InMemoryEventPublisher;
import io.zapgate.sessionhost.fake.InMemorySavedSessions;
import io.zapgate.sessionhost.fake.InMemorySessionLeases;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.sessionhost.ops.OpsConfig;
import io.zapgate.sessionhost.session.SessionPorts;
import io.zapgate.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code Logins} counts the events of a session reaching {@code connected}, read from the host's event tap. */
class LoginMetricsTest {
    private final MutableClock clock = new MutableClock(Samples.T0);
    private final InMemoryStore store = new InMemoryStore();
    private final TappedEventPublisher events = new TappedEventPublisher(new InMemoryEventPublisher());
    private final SessionPorts ports = new SessionPorts(
            store,
            store,
            new InMemoryCommandResults(),
            events,
            new InMemorySessionLeases(clock),
            new InMemorySavedSessions(),
            clock);

    private static SessionHostConfig config() {
        return new SessionHostConfig(
                "us-east-1",
                null,
                null,
                "instances",
                "results",
                "sessions",
                "leases",
                "https://sqs.local/commands.fifo",
                "https://sqs.local/events.fifo",
                null,
                "k",
                URI.create("wss://127.0.0.1:9/unused"),
                null,
                0,
                "host-a",
                1,
                Duration.ofSeconds(60),
                Log.Level.WARN,
                null,
                "off",
                true,
                null,
                null,
                io.zapgate.sessionhost.session.Resumer.Policy.DEFAULTS);
    }

    private InstanceEvent event(InstanceState state, InstanceState previous, String qr) {
        return new InstanceEvent(
                UUID.randomUUID().toString(),
                "acc",
                "demo",
                "id-1",
                state,
                previous,
                null,
                qr,
                null,
                1,
                clock.instant());
    }

    @Test
    void aSessionReachingConnectedIsALogin() throws Exception {
        SessionHost host = new SessionHost(config(), ports, new FakeSessionClients(), null, List.of());
        try {
            host.startOps(new OpsConfig(-1, "svc", Duration.ofHours(1)), null);
            events.publish(event(InstanceState.CONNECTING, InstanceState.DISCONNECTED, "2@qr"));
            events.publish(event(InstanceState.CONNECTED, InstanceState.CONNECTING, null));
            events.publish(event(InstanceState.CONNECTED, InstanceState.CONNECTED, null));
            assertThat(host.metrics().value(HostMetrics.Counter.LOGINS)).isEqualTo(1);
            events.publish(event(InstanceState.CONNECTED, InstanceState.DISCONNECTED, null));
            assertThat(host.metrics().value(HostMetrics.Counter.LOGINS)).isEqualTo(2);
        } finally {
            host.close();
        }
    }
}
