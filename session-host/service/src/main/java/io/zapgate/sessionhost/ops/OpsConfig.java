package io.zapgate.sessionhost.ops;

import static io.zapgate.core.config.Env.intOf;

import java.time.Duration;
import java.util.Map;

/**
 * Operations settings of the session host, from its environment.
 *
 * @param healthPort the health endpoints' port ({@code ZAPGATE_HEALTH_PORT}, default {@value #DEFAULT_PORT}; 0 =
 *     any free port; -1 = no health server)
 * @param metricsService the {@code Service} dimension of the metrics ({@code ZAPGATE_METRICS_SERVICE}, default
 *     {@code session-host})
 * @param metricsInterval how often an EMF line is written ({@code ZAPGATE_METRICS_INTERVAL_SECONDS}, default
 *     60; 0 = no metrics)
 */
public record OpsConfig(int healthPort, String metricsService, Duration metricsInterval) {
    public static final int DEFAULT_PORT = 8081;

    public static OpsConfig from(Map<String, String> env) {
        int port = intOf(env, "ZAPGATE_HEALTH_PORT", DEFAULT_PORT);
        if (port < -1 || port > 65535) {
            throw new IllegalStateException("bad configuration: ZAPGATE_HEALTH_PORT must be a port (0-65535) or -1");
        }
        int seconds = intOf(env, "ZAPGATE_METRICS_INTERVAL_SECONDS", 60);
        if (seconds < 0) {
            throw new IllegalStateException("bad configuration: ZAPGATE_METRICS_INTERVAL_SECONDS must be >= 0");
        }
        String service = env.getOrDefault("ZAPGATE_METRICS_SERVICE", "session-host");
        return new OpsConfig(port, service.isBlank() ? "session-host" : service.trim(), Duration.ofSeconds(seconds));
    }
}
