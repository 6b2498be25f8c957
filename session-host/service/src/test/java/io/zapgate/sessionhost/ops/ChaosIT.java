package io.zapgate.sessionhost.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.aws.AwsClients;
import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The test-only fault switch: off unless {@code ZAPGATE_CHAOS=true}; on, it fails every DynamoDB call on demand. */
class ChaosIT {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void offUnlessTheVariableSaysTrue() {
        assertThat(Chaos.from(Map.of())).isNull();
        assertThat(Chaos.from(Map.of(Chaos.ENV, "false"))).isNull();
        assertThat(Chaos.from(Map.of(Chaos.ENV, "1"))).isNull();
        assertThat(Chaos.from(Map.of(Chaos.ENV, "true"))).isNotNull();
    }

    @Test
    void theHealthPortSwitchesEveryDynamoDbCallOfTheHostOffAndOnAgain() throws Exception {
        Chaos chaos = Chaos.from(Map.of(Chaos.ENV, "true"));
        AwsEndpoints e = TestBackends.shared().endpoints();
        HostHealth health = new HostHealth(
                Clock.systemUTC(), Duration.ofSeconds(20), 3, List.of(), Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (HealthServer server = HealthServer.start(0, health);
                DynamoDbClient dynamo = AwsClients.dynamoDb(
                        new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        List.of(chaos))) {
            server.route(Chaos.PATH, chaos);
            String base = "http://127.0.0.1:" + server.port();
            dynamo.listTables();

            assertThat(post(base + Chaos.PATH + "?fail=true")).isEqualTo(200);
            assertThatThrownBy(dynamo::listTables)
                    .isInstanceOf(SdkClientException.class)
                    .hasMessageContaining("chaos");
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + Chaos.PATH))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .contains("failing");

            assertThat(post(base + Chaos.PATH + "?fail=maybe")).isEqualTo(400);
            assertThat(post(base + Chaos.PATH + "?fail=false")).isEqualTo(200);
            dynamo.listTables();
            assertThat(post(base + "/chaos/other")).isEqualTo(404);
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/health/live"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode())
                    .as("the health endpoints still answer")
                    .isEqualTo(200);
        }
    }

    private int post(String url) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
