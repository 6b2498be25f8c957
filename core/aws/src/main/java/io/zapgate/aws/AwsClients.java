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
 * Builds SDK clients once per composition root, all on one shared URL-connection HTTP client (cold start: no
 * Apache client in the jar, one TLS context for every client). An endpoint override (local stack, LocalStack)
 * comes with static dummy credentials; otherwise the default chain.
 */
public final class AwsClients {
    private AwsClients() {}

    /**
     * The HTTP client every SDK client of this JVM shares (the SDK does not close a client it was given). The
     * URL-connection client rather than Apache or Netty: fewest classes to load, no pool to set up; connections
     * are reused through the JDK's keep-alive cache.
     */
    public static software.amazon.awssdk.http.SdkHttpClient http() {
        return SharedHttp.CLIENT;
    }

    /**
     * Lets the shared HTTP client keep up to {@code max} idle connections per endpoint, for a process that makes
     * many calls at once (the session host renews 64 leases at a time). The JDK's keep-alive cache keeps 5 by
     * default ({@code http.maxConnections}) and closes every other connection a call gives back, so most of a
     * busy host's calls opened a new connection (a TLS handshake on AWS; thousands of sockets in TIME_WAIT
     * locally). The JDK reads the property once, when it first caches a connection: call this before the first
     * call of the process. A {@code -Dhttp.maxConnections} given on the command line wins.
     */
    public static void poolConnections(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one connection must be kept");
        }
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(max));
        }
    }

    private static final class SharedHttp {
        static final software.amazon.awssdk.http.SdkHttpClient CLIENT = UrlConnectionHttpClient.create();
    }

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
        return dynamoDb(t, null);
    }

    /**
     * As {@link #dynamoDb(Target)} with a bound on every call: {@code attempt} per HTTP attempt, {@code call} for
     * the whole call with its retries (the session host: a lease renewal must fail in time, not hang).
     */
    public static DynamoDbClient dynamoDb(Target t, java.time.Duration attempt, java.time.Duration call) {
        return dynamoDb(t, timeouts(attempt, call));
    }

    /** As {@link #dynamoDb(Target, java.time.Duration, java.time.Duration)}, every call also through {@code interceptors}. */
    public static DynamoDbClient dynamoDb(
            Target t,
            java.time.Duration attempt,
            java.time.Duration call,
            java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors) {
        return dynamoDb(
                t,
                timeouts(attempt, call).toBuilder()
                        .executionInterceptors(interceptors)
                        .build());
    }

    /** As {@link #sqs(Target)} with a bound on every call (see {@link #dynamoDb(Target, java.time.Duration,
     * java.time.Duration)}); {@code attempt} must exceed the longest long-poll wait. */
    public static SqsClient sqs(Target t, java.time.Duration attempt, java.time.Duration call) {
        return sqs(t, timeouts(attempt, call));
    }

    private static software.amazon.awssdk.core.client.config.ClientOverrideConfiguration timeouts(
            java.time.Duration attempt, java.time.Duration call) {
        return software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(attempt)
                .apiCallTimeout(call)
                .scheduledExecutorService(Timers.INSTANCE)
                .build();
    }

    /**
     * The timers of the bounded clients' call timeouts. The SDK's own executor keeps a cancelled timeout task (and,
     * through it, the request, its response and its items) queued until the task's delay passes, i.e. every call
     * stays reachable for its whole timeout after it returned: with the session host's 60 s SQS bound and a lease
     * renewal per session every few seconds that was tens of KB of heap per session. This one removes a task as
     * soon as it is cancelled. Shared by every client (a timer only interrupts the call that overran), daemon
     * threads, never shut down (the SDK does not close an executor it was given).
     */
    static final class Timers {
        static final java.util.concurrent.ScheduledThreadPoolExecutor INSTANCE = create();

        private Timers() {}

        private static java.util.concurrent.ScheduledThreadPoolExecutor create() {
            var timers = new java.util.concurrent.ScheduledThreadPoolExecutor(
                    2, Thread.ofPlatform().daemon().name("sdk-call-timeout-", 0).factory());
            timers.setRemoveOnCancelPolicy(true);
            return timers;
        }
    }

    private static DynamoDbClient dynamoDb(
            Target t, software.amazon.awssdk.core.client.config.ClientOverrideConfiguration override) {
        var b = DynamoDbClient.builder()
                .httpClient(http())
                .region(Region.of(t.region()))
                .credentialsProvider(t.credentials());
        if (t.dynamoDbEndpoint() != null) {
            b.endpointOverride(t.dynamoDbEndpoint());
        }
        if (override != null) {
            b.overrideConfiguration(override);
        }
        return b.build();
    }

    public static software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient dynamoDbStreams(Target t) {
        var b = software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient.builder()
                .httpClient(http())
                .region(Region.of(t.region()))
                .credentialsProvider(t.credentials());
        if (t.dynamoDbEndpoint() != null) {
            b.endpointOverride(t.dynamoDbEndpoint());
        }
        return b.build();
    }

    public static SqsClient sqs(Target t) {
        return sqs(t, null);
    }

    private static SqsClient sqs(
            Target t, software.amazon.awssdk.core.client.config.ClientOverrideConfiguration override) {
        var b = SqsClient.builder()
                .httpClient(http())
                .region(Region.of(t.region()))
                .credentialsProvider(t.credentials());
        if (t.sqsEndpoint() != null) {
            b.endpointOverride(t.sqsEndpoint());
        }
        if (override != null) {
            b.overrideConfiguration(override);
        }
        return b.build();
    }
}
