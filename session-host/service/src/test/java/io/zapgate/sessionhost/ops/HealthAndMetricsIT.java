package io.zapgate.sessionhost.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.aws.AwsClients;
import io.zapgate.aws.AwsIntegration;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.log.Log;
import io.zapgate.sessionhost.SessionHost;
import io.zapgate.sessionhost.SessionHostConfig;
import io.zapgate.testsupport.Await;
import io.zapgate.testsupport.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The health endpoints over real HTTP, and the metric lines, of a whole session host on DynamoDB Local and
 * ElasticMQ.
 */
class HealthAndMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final AwsIntegration aws = AwsIntegration.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private SessionHost host;
    private SqsClient deadSqs;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (deadSqs != null) {
            deadSqs.close();
        }
    }

    private SessionHostConfig config() {
        return new SessionHostConfig(
                "us-east-1",
                null,
                null,
                aws.refs.get("InstancesTable"),
                aws.refs.get("ConnectResultsTable"),
                aws.refs.get("SessionsTable"),
                aws.refs.get("SessionLeasesTable"),
                aws.refs.get("CommandQueue"),
                aws.refs.get("EventQueue"),
                null,
                Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32)),
                URI.create("wss://127.0.0.1:9/unused"),
                null,
                0,
                "health-it-" + UUID.randomUUID().toString().substring(0, 8),
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

    private SessionHost started(Clock clock, SqsClient sqs, OpsConfig ops, PrintStream out) throws Exception {
        host = new SessionHost(config(), clock, aws.dynamo, sqs);
        host.startOps(ops, out);
        host.start();
        return host;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.healthPort() + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode check(HttpResponse<String> r, String name) throws Exception {
        return JSON.readTree(r.body()).get("checks").get(name);
    }

    @Test
    void aHealthyHostIsLiveAndReady() throws Exception {
        started(Clock.systemUTC(), aws.sqs, new OpsConfig(0, "it", Duration.ZERO), null);

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("ok");
        assertThat(check(ready, "dynamodb").get("ok").asBoolean()).isTrue();
        assertThat(check(ready, "sqs").get("ok").asBoolean()).isTrue();
        assertThat(check(ready, HostHealth.RENEWALS).get("ok").asBoolean()).isTrue();
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void unreachableSqsMakesItUnreadyNamingSqsButStillLive() throws Exception {
        URI dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        AwsEndpoints e = TestBackends.shared().endpoints();
        deadSqs = AwsClients.sqs(new AwsClients.Target(e.region(), e.dynamoDb(), dead, e.accessKey(), e.secretKey()));
        started(Clock.systemUTC(), deadSqs, new OpsConfig(0, "it", Duration.ZERO), null);

        HttpResponse<String> ready = get("/health/ready");

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("fail");
        assertThat(check(ready, "sqs").get("ok").asBoolean()).isFalse();
        assertThat(check(ready, "dynamodb").get("ok").asBoolean()).isTrue();
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void stalledRenewalsMakeItNeitherLiveNorReady() throws Exception {
        MutableClock clock = MutableClock.startingAtNextMinutePlus(5);
        started(clock, aws.sqs, new OpsConfig(0, "it", Duration.ZERO), null);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);

        // renewal rounds run every 20 s of wall time (a 60 s lease); none finished during 2 minutes of the clock
        clock.advance(Duration.ofMinutes(2));

        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).as(live.body()).isEqualTo(503);
        assertThat(check(live, HostHealth.RENEWALS).get("ok").asBoolean()).isFalse();
        assertThat(check(live, HostHealth.RENEWALS).get("detail").asText()).contains("no renewal round");
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(check(ready, HostHealth.RENEWALS).get("ok").asBoolean()).isFalse();
    }

    @Test
    void thePeriodicFlushWritesTheSessionsHeldGauge() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        started(Clock.systemUTC(), aws.sqs, new OpsConfig(-1, "it-service", Duration.ofMillis(200)), out);
        assertThat(host.healthPort()).isEqualTo(-1);

        String line = Await.value(
                "an EMF line",
                WAIT,
                () -> {
                    synchronized (out) {
                        return bytes.toString(StandardCharsets.UTF_8);
                    }
                },
                s -> s.contains("\n"));
        JsonNode doc = JSON.readTree(line.lines().findFirst().orElseThrow());
        assertThat(doc.get("_aws")
                        .get("CloudWatchMetrics")
                        .get(0)
                        .get("Namespace")
                        .asText())
                .isEqualTo(HostMetrics.NAMESPACE);
        assertThat(doc.get("Service").asText()).isEqualTo("it-service");
        assertThat(doc.get("Host").asText()).isEqualTo(host.hostId());
        assertThat(doc.get("SessionsHeld").asInt()).isEqualTo(host.supervisor().size());
    }
}
