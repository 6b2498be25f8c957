package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.session.SessionLeases;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A take of a free lease whose answer is lost after DynamoDB applied it (a timed-out attempt on a loaded table) is
 * retried by the SDK, and the retry's condition then fails because the lease is ours already: acquire must still
 * report the lease held, else the host believes another host holds it and the instance waits for the expiry.
 */
class LeaseTakeRetryIT {
    private final AwsIntegration aws = AwsIntegration.get();

    /** Replaces the answer of the first take (the conditional "free or expired" update) with a 500 once. */
    static final class LoseFirstTake implements ExecutionInterceptor {
        final AtomicBoolean armed = new AtomicBoolean(true);
        final AtomicBoolean losing = new AtomicBoolean();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest u
                    && u.conditionExpression().contains("attribute_not_exists")
                    && armed.compareAndSet(true, false)) {
                losing.set(true);
            }
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            return losing.get()
                    ? context.httpResponse().toBuilder()
                            .statusCode(500)
                            .statusText("Internal Server Error")
                            .build()
                    : context.httpResponse();
        }

        @Override
        public Optional<java.io.InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            if (!losing.getAndSet(false)) {
                return context.responseBody();
            }
            String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                    + "\"message\":\"injected: response lost\"}";
            return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aTakeWhoseAnswerWasLostAndRetriedStillHoldsTheLease() {
        AwsEndpoints e = TestBackends.shared().endpoints();
        LoseFirstTake lose = new LoseFirstTake();
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                java.util.List.of(lose))) {
            var leases = new DynamoDbSessionLeases(dynamo, aws.refs.get("SessionLeasesTable"), Clock.systemUTC());
            String id = "retry-" + UUID.randomUUID();
            Optional<SessionLeases.Lease> lease =
                    leases.acquire(id, "host-a", Duration.ofSeconds(30), new SessionLeases.Subject("acc", "sales"));
            assertThat(lose.armed).as("the first take's answer was lost").isFalse();
            assertThat(lease).as("held after the retried take").isPresent();
            assertThat(lease.get().owner()).isEqualTo("host-a");
            assertThat(lease.get().fencingToken()).as("taken once").isEqualTo(1);
        }
    }
}
