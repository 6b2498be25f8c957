package io.zapgate.aws;

import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.ratelimit.RateLimiter;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * One conditional UpdateItem per request: {@code ADD n :1} only while {@code n < limit}, on an item per
 * (subject, class, minute) that expires by TTL. Exact under any concurrency; one round trip.
 */
public final class DynamoDbRateLimiter implements RateLimiter {
    private final DynamoDbClient dynamo;
    private final String table;
    private final RateLimitPolicy policy;
    private final Clock clock;

    public DynamoDbRateLimiter(DynamoDbClient dynamo, String table, RateLimitPolicy policy, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public RateLimitDecision acquire(String subject, RateLimitClass cls) {
        long window = RateLimitPolicy.windowStart(clock.instant());
        long reset = window + RateLimitPolicy.WINDOW_SECONDS;
        int limit = policy.limit(cls);
        String bucket = bucket(subject, cls, window);
        try {
            UpdateItemResponse r = DynamoErrors.call(
                    "rateLimit.acquire",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(Map.of("bucket", AttributeValue.fromS(bucket)))
                            .updateExpression("ADD n :one SET expiresAt = if_not_exists(expiresAt, :exp)")
                            .conditionExpression("attribute_not_exists(n) OR n < :limit")
                            .expressionAttributeValues(Map.of(
                                    ":one",
                                    AttributeValue.fromN("1"),
                                    ":limit",
                                    AttributeValue.fromN(Integer.toString(limit)),
                                    ":exp",
                                    AttributeValue.fromN(Long.toString(reset + RateLimitPolicy.WINDOW_SECONDS))))
                            .returnValues(ReturnValue.UPDATED_NEW)));
            int used = Integer.parseInt(r.attributes().get("n").n());
            return new RateLimitDecision(true, limit, Math.max(0, limit - used), reset);
        } catch (io.zapgate.core.error.ZapgateException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return new RateLimitDecision(false, limit, 0, reset);
            }
            throw e;
        }
    }

    /** One GetItem (eventually consistent: a guard, the exact count is the conditional update's). */
    @Override
    public RateLimitDecision peek(String subject, RateLimitClass cls) {
        long window = RateLimitPolicy.windowStart(clock.instant());
        Map<String, AttributeValue> item = DynamoErrors.call(
                "rateLimit.peek",
                () -> dynamo.getItem(b -> b.tableName(table)
                                .key(Map.of("bucket", AttributeValue.fromS(bucket(subject, cls, window)))))
                        .item());
        return decision(item, policy.limit(cls), window);
    }

    /** The counter item's key for a subject, class and window. */
    static String bucket(String subject, RateLimitClass cls, long windowStart) {
        return subject + "#" + cls.name() + "#" + windowStart;
    }

    /** What a counter item (null or empty when absent) says about the window starting at windowStart. */
    static RateLimitDecision decision(Map<String, AttributeValue> item, int limit, long windowStart) {
        int used = item == null || !item.containsKey("n")
                ? 0
                : Integer.parseInt(item.get("n").n());
        return RateLimitPolicy.decision(used, limit, windowStart + RateLimitPolicy.WINDOW_SECONDS);
    }
}
