package io.zapgate.aws.local;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * DynamoDB Local and ElasticMQ started in this JVM: real servers speaking the AWS wire protocols on
 * loopback. DynamoDB data lives in memory, or in a folder (file mode) when one is given so that it
 * survives restarts. SQS queues are in memory.
 */
public final class EmbeddedAws implements LocalAws {
    private final DynamoDBProxyServer dynamo;
    private final SQSRestServer sqs;
    private final AwsEndpoints endpoints;

    private EmbeddedAws(DynamoDBProxyServer dynamo, SQSRestServer sqs, AwsEndpoints endpoints) {
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.endpoints = endpoints;
    }

    /**
     * Starts both servers.
     *
     * @param dynamoDataDir null for in-memory DynamoDB; else the folder its database file lives in
     */
    public static EmbeddedAws start(Path dynamoDataDir) {
        int dynamoPort = FreePort.pick();
        List<String> args =
                new ArrayList<>(List.of("-port", String.valueOf(dynamoPort), "-sharedDb", "-disableTelemetry"));
        if (dynamoDataDir == null) {
            args.add("-inMemory");
        } else {
            try {
                Files.createDirectories(dynamoDataDir);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create DynamoDB data folder " + dynamoDataDir, e);
            }
            args.add("-dbPath");
            args.add(dynamoDataDir.toAbsolutePath().toString());
        }
        DynamoDBProxyServer dynamo;
        try {
            dynamo = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            dynamo.start();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local failed to start on port " + dynamoPort, e);
        }
        int sqsPort = FreePort.pick();
        SQSRestServer sqs;
        try {
            sqs = SQSRestServerBuilder.withInterface("127.0.0.1")
                    .withPort(sqsPort)
                    .withServerAddress(new NodeAddress("http", "127.0.0.1", sqsPort, ""))
                    .withAWSRegion("us-east-1")
                    .withAWSAccountId("000000000000")
                    .start();
            sqs.waitUntilStarted();
        } catch (RuntimeException e) {
            stopQuietly(dynamo);
            throw new IllegalStateException("ElasticMQ failed to start on port " + sqsPort, e);
        }
        return new EmbeddedAws(
                dynamo,
                sqs,
                new AwsEndpoints(
                        URI.create("http://127.0.0.1:" + dynamoPort),
                        URI.create("http://127.0.0.1:" + sqsPort),
                        "us-east-1",
                        "local",
                        "local"));
    }

    @Override
    public AwsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        try {
            sqs.stopAndWait();
        } finally {
            stopQuietly(dynamo);
        }
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping on the way out: nothing left to do with the failure
        }
    }
}
