package io.zapgate.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsServiceClientConfiguration;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsServiceClientConfiguration;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsServiceClientConfiguration;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * SDK clients built on their first call rather than up front, so that a Lambda function pays at cold start only
 * for the clients its route uses (building one loads a few hundred classes and takes 100–200 ms on one vCPU).
 *
 * <p>Hand-written rather than a {@link java.lang.reflect.Proxy}: a proxy class resolves every method of the
 * interface when it is initialised, which loads the whole service model and defeats the purpose. Each wrapper
 * forwards the operations the functions call (the {@code Consumer<Builder>} overloads are the interface's
 * defaults, which build the request and land here); any other operation is the SDK's default, which throws
 * {@link UnsupportedOperationException}: add it here when a function starts using it.
 */
public final class LazyClient {
    private LazyClient() {}

    /** Sends and changes visibility (the command bus, the webhook retry). */
    public static SqsClient sqs(Supplier<SqsClient> build) {
        return new Sqs(new Memo<>(build));
    }

    /** Reads the results stream (connect's wait). */
    public static DynamoDbStreamsClient dynamoDbStreams(Supplier<DynamoDbStreamsClient> build) {
        return new Streams(new Memo<>(build));
    }

    /** Generates and decrypts data keys (the KMS secret cipher). */
    public static KmsClient kms(Supplier<KmsClient> build) {
        return new Kms(new Memo<>(build));
    }

    /** Whether a wrapper's client has been built (tests). */
    static boolean built(Object lazy) {
        return switch (lazy) {
            case Sqs s -> s.c.built();
            case Streams s -> s.c.built();
            case Kms k -> k.c.built();
            default -> true;
        };
    }

    private static final class Memo<T extends AutoCloseable> {
        private final Supplier<T> build;
        private volatile T value;

        Memo(Supplier<T> build) {
            this.build = build;
        }

        T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = build.get();
                        value = v;
                    }
                }
            }
            return v;
        }

        boolean built() {
            return value != null;
        }

        void close() {
            T v = value;
            if (v != null) {
                try {
                    v.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static final class Sqs implements SqsClient {
        final Memo<SqsClient> c;

        Sqs(Memo<SqsClient> c) {
            this.c = c;
        }

        @Override
        public SendMessageResponse sendMessage(SendMessageRequest r) {
            return c.get().sendMessage(r);
        }

        @Override
        public ChangeMessageVisibilityResponse changeMessageVisibility(ChangeMessageVisibilityRequest r) {
            return c.get().changeMessageVisibility(r);
        }

        @Override
        public SqsServiceClientConfiguration serviceClientConfiguration() {
            return c.get().serviceClientConfiguration();
        }

        @Override
        public String serviceName() {
            return SqsClient.SERVICE_NAME;
        }

        @Override
        public void close() {
            c.close();
        }
    }

    private static final class Streams implements DynamoDbStreamsClient {
        final Memo<DynamoDbStreamsClient> c;

        Streams(Memo<DynamoDbStreamsClient> c) {
            this.c = c;
        }

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest r) {
            return c.get().describeStream(r);
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest r) {
            return c.get().getShardIterator(r);
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest r) {
            return c.get().getRecords(r);
        }

        @Override
        public DynamoDbStreamsServiceClientConfiguration serviceClientConfiguration() {
            return c.get().serviceClientConfiguration();
        }

        @Override
        public String serviceName() {
            return DynamoDbStreamsClient.SERVICE_NAME;
        }

        @Override
        public void close() {
            c.close();
        }
    }

    private static final class Kms implements KmsClient {
        final Memo<KmsClient> c;

        Kms(Memo<KmsClient> c) {
            this.c = c;
        }

        @Override
        public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest r) {
            return c.get().generateDataKey(r);
        }

        @Override
        public DecryptResponse decrypt(DecryptRequest r) {
            return c.get().decrypt(r);
        }

        @Override
        public KmsServiceClientConfiguration serviceClientConfiguration() {
            return c.get().serviceClientConfiguration();
        }

        @Override
        public String serviceName() {
            return KmsClient.SERVICE_NAME;
        }

        @Override
        public void close() {
            c.close();
        }
    }
}
