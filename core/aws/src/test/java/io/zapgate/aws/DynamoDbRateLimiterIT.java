package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.contract.RateLimiterContract;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.ratelimit.RateLimiter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbRateLimiterIT extends RateLimiterContract {
    private final AwsIntegration aws = AwsIntegration.get();
    private final DynamoDbRateLimiter limiter =
            new DynamoDbRateLimiter(aws.dynamo, aws.tables().rateLimits(), RateLimitPolicy.contract(), clock);

    @Override
    protected RateLimiter limiter() {
        return limiter;
    }

    @Test
    void countersExpireByTtlAfterTheirWindow() {
        limiter.acquire("ttl-subject", RateLimitClass.GLOBAL);
        long window = RateLimitPolicy.windowStart(clock.instant());
        Map<String, AttributeValue> item = aws.dynamo
                .getItem(b -> b.tableName(aws.tables().rateLimits())
                        .key(Map.of("bucket", AttributeValue.fromS("ttl-subject#GLOBAL#" + window))))
                .item();
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(window + 120);
        var ttl = aws.dynamo.describeTimeToLive(b -> b.tableName(aws.tables().rateLimits()));
        assertThat(ttl.timeToLiveDescription().attributeName()).isEqualTo("expiresAt");
    }
}
