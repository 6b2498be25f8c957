package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zapgate.aws.AwsClients;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.ConnectTimeline;
import io.zapgate.wa.fake.FakeWhatsApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 10's stage timestamps through the whole local stack: a connect (HTTP → SQS → session host → fake WhatsApp
 * → results row → stream → HTTP) logs one {@code connect timeline} line with every stage, in order, keyed by the
 * request id the session host answered; and the results row carries the host's stages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectTimelineE2ETest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private FakeWhatsApp fake;
    private LocalStack stack;

    @BeforeAll
    void start() throws Exception {
        fake = FakeWhatsApp.start();
        stack = StackFixture.startWith(fake);
        // the stack configured the log at start; capture INFO from here on
        Log.configure(Log.Level.INFO, new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        Log.configure(Log.Level.WARN, System.out);
        if (stack != null) {
            stack.close();
        }
        if (fake != null) {
            fake.close();
        }
    }

    @Test
    void aConnectLogsEveryStageInOrder() throws Exception {
        Api api = new Api(stack.baseUrl());
        String token = stack.accountToken();
        assertThat(api.post("/api/instance/new", token, "{\"name\":\"timeline\"}")
                        .status())
                .isEqualTo(201);
        Api.Reply r = api.get("/api/instance/connect/timeline", token);
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        assertThat(r.body().get("qrCode").asText()).isNotBlank();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : logs.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("\"connect timeline\"")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).hasSize(1);
        JsonNode t = lines.get(0);
        String requestId = t.get("connectRequestId").asText();
        assertThat(requestId).isNotBlank();
        double previous = -1;
        for (ConnectTimeline.Stage stage : ConnectTimeline.Stage.values()) {
            assertThat(t.has(stage.key()))
                    .as("stage " + stage.key() + " in " + t)
                    .isTrue();
            double at = Double.parseDouble(t.get(stage.key()).asText());
            assertThat(at)
                    .as(stage.key() + " after the stage before it, in " + t)
                    .isGreaterThanOrEqualTo(previous);
            previous = at;
        }
        assertThat(Double.parseDouble(t.get("totalMs").asText())).isEqualTo(previous);

        // the session host's stages travel in the results row, keyed by the request id
        var e = stack.awsEndpoints();
        var dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()));
        Map<String, AttributeValue> row = dynamo.getItem(
                        b -> b.tableName(stack.resources().get("ConnectResultsTable"))
                                .key(Map.of("requestId", AttributeValue.fromS(requestId)))
                                .consistentRead(true))
                .item();
        ConnectTimeline hostStages = ConnectTimeline.decode(row.get("stages").s());
        assertThat(hostStages.snapshot().keySet())
                .containsExactly(
                        ConnectTimeline.Stage.RECEIVED_BY_HOST,
                        ConnectTimeline.Stage.LEASE_TAKEN,
                        ConnectTimeline.Stage.SOCKET_OPEN,
                        ConnectTimeline.Stage.NOISE_DONE,
                        ConnectTimeline.Stage.QR_READY,
                        ConnectTimeline.Stage.RESULT_WRITTEN);
    }
}
