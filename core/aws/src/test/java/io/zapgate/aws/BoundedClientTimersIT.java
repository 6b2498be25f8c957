package io.zapgate.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zapgate.aws.local.TestBackends;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;

/**
 * The bounded clients' call timeouts (the session host's) leave nothing queued once a call returned: a cancelled
 * timer holds the call's request and response, and with a long bound (60 s for SQS) and many calls that was most of
 * the host's heap per idle session (issue 10, density).
 */
class BoundedClientTimersIT {
    private final AwsIntegration aws = AwsIntegration.get();

    @Test
    void finishedCallsLeaveNoTimerQueued() {
        var e = TestBackends.shared().endpoints();
        var target = new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey());
        String table = aws.refs.get("SessionLeasesTable");
        String queue = aws.refs.values().stream()
                .filter(v -> v.startsWith("http"))
                .findFirst()
                .orElseThrow();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(target, Duration.ofSeconds(2), Duration.ofSeconds(60));
                SqsClient sqs = AwsClients.sqs(target, Duration.ofSeconds(25), Duration.ofSeconds(60))) {
            for (int i = 0; i < 50; i++) {
                dynamo.getItem(GetItemRequest.builder()
                        .tableName(table)
                        .key(Map.of("instanceId", AttributeValue.fromS("timers-" + i)))
                        .build());
                sqs.getQueueAttributes(
                        GetQueueAttributesRequest.builder().queueUrl(queue).build());
            }
            // 100 calls, each with an attempt and a call timer: all cancelled and gone, none waiting out its 60 s
            assertEquals(0, AwsClients.Timers.INSTANCE.getQueue().size());
        }
    }
}
