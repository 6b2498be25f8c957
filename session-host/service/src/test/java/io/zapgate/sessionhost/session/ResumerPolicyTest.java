package io.zapgate.sessionhost.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.InstanceState;
import io.zapgate.core.instance.LastDisconnect;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumerPolicyTest {
    private final Resumer.Policy policy =
            new Resumer.Policy(4, Duration.ZERO, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(30));

    @Test
    void backoffIsFullJitterUnderAnExponentialCeilingCappedAtTheCap() {
        Random random = new Random(7);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long ceiling = Math.min(300_000L, 2_000L << Math.min(attempt - 1, 20));
            long max = 0;
            for (int n = 0; n < 200; n++) {
                Duration d = policy.backoff(attempt, random);
                assertThat(d).isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
                max = Math.max(max, d.toMillis());
            }
            // spread over the whole range, not stuck at the bottom
            assertThat(max).isGreaterThan(ceiling / 2);
        }
    }

    @Test
    void onlyLoggedOutBannedOutdatedAndReplacedAreTerminal() {
        Instant at = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(Resumer.terminal(state(InstanceState.LOGGEDOUT, DisconnectReason.LOGGED_OUT, at)))
                .isTrue();
        assertThat(Resumer.terminal(state(InstanceState.BANNED, DisconnectReason.BANNED, at)))
                .isTrue();
        assertThat(Resumer.terminal(state(InstanceState.DISCONNECTED, DisconnectReason.CLIENT_OUTDATED, at)))
                .isTrue();
        assertThat(Resumer.terminal(state(InstanceState.DISCONNECTED, DisconnectReason.REPLACED, at)))
                .isTrue();
        assertThat(Resumer.terminal(state(InstanceState.DISCONNECTED, DisconnectReason.NETWORK, at)))
                .isFalse();
    }

    private static Connection state(InstanceState s, DisconnectReason why, Instant at) {
        return new Connection(s, null, null, null, new LastDisconnect(why, null, at, null), null, null, true);
    }
}
