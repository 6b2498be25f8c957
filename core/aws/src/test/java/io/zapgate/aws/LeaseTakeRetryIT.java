package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.aws.local.AwsEndpoints;
import io.zapgate.aws.local.TestBackends;
import io.zapgate.core.session.SessionLeases;
import io.zapgate.testsupport.FaultInjector;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A take of a free lease whose answer is lost after DynamoDB applied it (a timed-out attempt on a loaded table) is
 * retried by the SDK, and the retry's condition then fails because the lease is ours already: acquire must still
 * report the lease held, else the host believes another host holds it and the instance waits for the expiry.
 */
class LeaseTakeRetryIT {
    private final AwsIntegration aws = AwsIntegration.get();

    @Test
    void aTakeWhoseAnswerWasLostAndRetriedStillHoldsTheLease() {
        AwsEndpoints e = TestBackends.shared().endpoints();
        // the first take (the conditional "free or expired" update) is processed, its answer replaced by a 500
        FaultInjector lose = new FaultInjector();
        lose.loseNext(r -> r instanceof UpdateItemRequest u
                && u.conditionExpression() != null
                && u.conditionExpression().contains("attribute_not_exists"));
        try (DynamoDbClient dynamo = AwsClients.dynamoDb(
                new AwsClients.Target(e.region(), e.dynamoDb(), e.sqs(), e.accessKey(), e.secretKey()),
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                java.util.List.of(lose))) {
            var leases = new DynamoDbSessionLeases(dynamo, aws.refs.get("SessionLeasesTable"), Clock.systemUTC());
            String id = "retry-" + UUID.randomUUID();
            Optional<SessionLeases.Lease> lease =
                    leases.acquire(id, "host-a", Duration.ofSeconds(30), new SessionLeases.Subject("acc", "sales"));
            assertThat(lose.lostPending())
                    .as("the first take's answer was lost")
                    .isFalse();
            assertThat(lease).as("held after the retried take").isPresent();
            assertThat(lease.get().owner()).isEqualTo("host-a");
            assertThat(lease.get().fencingToken()).as("taken once").isEqualTo(1);
        }
    }
}
