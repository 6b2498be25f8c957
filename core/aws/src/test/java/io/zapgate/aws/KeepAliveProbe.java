package io.zapgate.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * Run in a JVM of its own by {@link KeepAliveConnectionsIT} (the JDK reads {@code http.maxConnections} once per
 * process): rounds of concurrent GetItems on the session host's bounded client, as a renewal round makes them.
 * Arguments: endpoint, table, {@code pooled|default}, rounds, calls per round.
 */
public final class KeepAliveProbe {
    private KeepAliveProbe() {}

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String table = args[1];
        if (args[2].equals("pooled")) {
            AwsClients.poolConnections(128);
        }
        int rounds = Integer.parseInt(args[3]);
        int calls = Integer.parseInt(args[4]);
        var target = new AwsClients.Target("us-east-1", endpoint, endpoint, "local", "local");
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(target, Duration.ofSeconds(2), Duration.ofSeconds(5));
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < rounds; r++) {
                List<Future<?>> round = new ArrayList<>();
                for (int i = 0; i < calls; i++) {
                    String key = "keepalive-" + r + "-" + i;
                    round.add(threads.submit(() -> dynamo.getItem(GetItemRequest.builder()
                            .tableName(table)
                            .key(Map.of("instanceId", AttributeValue.fromS(key)))
                            .build())));
                }
                for (Future<?> f : round) {
                    f.get();
                }
            }
        }
    }
}
