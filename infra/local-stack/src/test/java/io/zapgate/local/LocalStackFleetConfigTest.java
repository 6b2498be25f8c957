package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ZAPGATE_SESSION_HOSTS}, {@code ZAPGATE_HEALTH_PORT} and {@code ZAPGATE_LEASE_TTL_SECONDS} of the local
 * stack.
 */
class LocalStackFleetConfigTest {
    private static LocalStackConfig config(Map<String, String> env) {
        return LocalStackConfig.from(env, new String[] {"--in-memory"});
    }

    @Test
    void oneInProcessHostUnlessAsked() {
        assertThat(config(Map.of()).sessionHosts()).isEqualTo(1);
        assertThat(config(Map.of()).healthPort()).isEqualTo(8081);
        assertThat(config(Map.of("ZAPGATE_SESSION_HOSTS", "3", "ZAPGATE_HEALTH_PORT", "9100")))
                .extracting(LocalStackConfig::sessionHosts, LocalStackConfig::healthPort)
                .containsExactly(3, 9100);
    }

    @Test
    void theLeaseTtlIsPassedOnOnlyWhenSet() {
        assertThat(config(Map.of()).leaseTtlSeconds()).isZero();
        assertThat(config(Map.of("ZAPGATE_LEASE_TTL_SECONDS", "6")).leaseTtlSeconds())
                .isEqualTo(6);
        assertThatThrownBy(() -> config(Map.of("ZAPGATE_LEASE_TTL_SECONDS", "soon")))
                .hasMessageContaining("ZAPGATE_LEASE_TTL_SECONDS");
    }

    @Test
    void aBadCountOrPortIsRefusedByName() {
        assertThatThrownBy(() -> config(Map.of("ZAPGATE_SESSION_HOSTS", "0")))
                .hasMessageContaining("ZAPGATE_SESSION_HOSTS");
        assertThatThrownBy(() -> config(Map.of("ZAPGATE_SESSION_HOSTS", "two")))
                .hasMessageContaining("ZAPGATE_SESSION_HOSTS");
        assertThatThrownBy(() -> config(Map.of("ZAPGATE_HEALTH_PORT", "70000")))
                .hasMessageContaining("ZAPGATE_HEALTH_PORT");
    }
}
