package io.zapgate.sessionhost.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The EMF document: what CloudWatch requires of {@code _aws.CloudWatchMetrics}, and interval semantics. */
class HostMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final AtomicInteger held = new AtomicInteger(7);
    private final HostMetrics metrics = new HostMetrics("zapgate-prod", "host-a", held::get, null, clock);

    @Test
    void theDocumentIsValidEmbeddedMetricFormat() throws Exception {
        metrics.count(HostMetrics.Counter.LOGINS);
        metrics.add(HostMetrics.Counter.ADOPTIONS, 3);
        metrics.renewalLatency(Duration.ofMillis(12));
        metrics.renewalLatency(Duration.ofMillis(30));

        JsonNode doc = JSON.readTree(metrics.emf());

        JsonNode aws = doc.get("_aws");
        assertThat(aws.get("Timestamp").isIntegralNumber()).isTrue();
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(clock.millis());
        assertThat(aws.get("CloudWatchMetrics").isArray()).isTrue();
        assertThat(aws.get("CloudWatchMetrics")).hasSize(1);
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertThat(directive.get("Namespace").asText()).isEqualTo("Zapgate/SessionHost");
        // every dimension set is an array of member names (at most 30), each a top-level string member
        List<String> dimensionNames = new ArrayList<>();
        for (JsonNode set : directive.get("Dimensions")) {
            assertThat(set.isArray()).isTrue();
            assertThat(set.size()).isBetween(1, 30);
            set.forEach(d -> dimensionNames.add(d.asText()));
        }
        assertThat(dimensionNames).contains("Service", "Host");
        for (String d : dimensionNames) {
            assertThat(doc.get(d).isTextual()).as(d).isTrue();
        }
        assertThat(doc.get("Service").asText()).isEqualTo("zapgate-prod");
        assertThat(doc.get("Host").asText()).isEqualTo("host-a");
        // every metric definition names a top-level number (or array of numbers) and a valid unit
        List<String> names = new ArrayList<>();
        for (JsonNode def : directive.get("Metrics")) {
            String name = def.get("Name").asText();
            names.add(name);
            assertThat(def.get("Unit").asText()).isIn("Count", "Milliseconds");
            JsonNode value = doc.get(name);
            assertThat(value).as(name).isNotNull();
            if (value.isArray()) {
                assertThat(value.size()).isBetween(1, 100);
                value.forEach(v -> assertThat(v.isNumber()).isTrue());
            } else {
                assertThat(value.isNumber()).as(name).isTrue();
            }
        }
        assertThat(names)
                .contains(
                        "SessionsHeld",
                        "Logins",
                        "Adoptions",
                        "LeaseRenewalFailures",
                        "LeaseRenewalLatency",
                        "CommandsHandled",
                        "CommandsExpired",
                        "CommandsDeadLettered")
                .doesNotHaveDuplicates()
                .hasSizeLessThanOrEqualTo(100);
        assertThat(doc.get("SessionsHeld").asInt()).isEqualTo(7);
        assertThat(doc.get("Logins").asLong()).isEqualTo(1);
        assertThat(doc.get("Adoptions").asLong()).isEqualTo(3);
        assertThat(doc.get("LeaseRenewalLatency").toString()).isEqualTo("[12,30]");
    }

    @Test
    void countersRestartEachIntervalAndTheGaugeIsReadAtEachFlush() throws Exception {
        metrics.count(HostMetrics.Counter.COMMANDS_HANDLED);
        metrics.renewalLatency(Duration.ofMillis(5));
        JSON.readTree(metrics.emf());
        held.set(2);

        JsonNode next = JSON.readTree(metrics.emf());

        assertThat(next.get("CommandsHandled").asLong()).isZero();
        assertThat(next.get("SessionsHeld").asInt()).isEqualTo(2);
        // no latency samples: the metric is left out (EMF wants at least one value)
        assertThat(next.has("LeaseRenewalLatency")).isFalse();
        for (JsonNode def : next.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics")) {
            assertThat(def.get("Name").asText()).isNotEqualTo("LeaseRenewalLatency");
        }
    }

    @Test
    void latencySamplesAreCappedAtAHundredPerLine() throws Exception {
        for (int i = 0; i < 150; i++) {
            metrics.renewalLatency(Duration.ofMillis(i));
        }
        assertThat(JSON.readTree(metrics.emf()).get("LeaseRenewalLatency")).hasSize(100);
    }

    @Test
    void theNoOpInstanceRecordsNothing() {
        HostMetrics.NONE.count(HostMetrics.Counter.LOGINS);
        assertThat(HostMetrics.NONE.value(HostMetrics.Counter.LOGINS)).isZero();
    }
}
