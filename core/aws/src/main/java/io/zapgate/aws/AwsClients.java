package io.zapgate.aws;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SDK clients once per composition root, with the lightweight URL-connection HTTP client. An endpoint
 * override (local stack, LocalStack) comes with static dummy credentials; otherwise the default chain.
 */
public final class AwsClients {
    private AwsClients() {}

    /** Where to reach AWS: the real one ({@code endpoint == null}) or a local one. */
    public record Target(String region, URI dynamoDbEndpoint, URI sqsEndpoint, String accessKey, String secretKey) {
        public static Target real(String region) {
            return new Target(region, null, null, null, null);
        }

        AwsCredentialsProvider credentials() {
            return accessKey == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        }
    }

    public static DynamoDbClient dynamoDb(Target t) {
        var b = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(t.region()))
                .credentialsProvider(t.credentials());
        if (t.dynamoDbEndpoint() != null) {
            b.endpointOverride(t.dynamoDbEndpoint());
        }
        return b.build();
    }

    public static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient dynamoDbStreams(Target t) {
        var b = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(t.region()))
                .credentialsProvider(t.credentials());
        if (t.dynamoDbEndpoint() != null) {
            b.endpointOverride(t.dynamoDbEndpoint());
        }
        return b.build();
    }

    public static SqsClient sqs(Target t) {
        var b = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(t.region()))
                .credentialsProvider(t.credentials());
        if (t.sqsEndpoint() != null) {
            b.endpointOverride(t.sqsEndpoint());
        }
        return b.build();
    }
}
