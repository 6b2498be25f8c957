package io.zapgate.aws;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.port.GuardedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * One {@code BatchGetItem} over two tables: the token's item (strongly consistent) and the caller's
 * failed-authentication counter in the rate-limits table (same item and semantics as
 * {@link DynamoDbRateLimiter}). Keys left unprocessed by a throttled batch are asked again.
 */
public final class DynamoDbGuardedTokenLookup implements GuardedTokenLookup {
    private static final int MAX_ATTEMPTS = 3;
    private final DynamoDbClient dynamo;
    private final String tokensTable;
    private final String rateLimitsTable;
    private final RateLimitPolicy policy;
    private final Clock clock;

    public DynamoDbGuardedTokenLookup(
            DynamoDbClient dynamo, String tokensTable, String rateLimitsTable, RateLimitPolicy policy, Clock clock) {
        this.dynamo = dynamo;
        this.tokensTable = tokensTable;
        this.rateLimitsTable = rateLimitsTable;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Result lookup(String tokenHash, String failureSubject, RateLimitClass failureClass) {
        long window = RateLimitPolicy.windowStart(clock.instant());
        Map<String, KeysAndAttributes> ask = new HashMap<>(Map.of(
                tokensTable,
                        KeysAndAttributes.builder()
                                .consistentRead(true)
                                .keys(List.of(Map.of("tokenHash", AttributeValue.fromS(tokenHash))))
                                .build(),
                rateLimitsTable,
                        KeysAndAttributes.builder()
                                .keys(List.of(Map.of(
                                        "bucket",
                                        AttributeValue.fromS(
                                                DynamoDbRateLimiter.bucket(failureSubject, failureClass, window)))))
                                .build()));
        Map<String, AttributeValue> token = null;
        Map<String, AttributeValue> counter = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS && !ask.isEmpty(); attempt++) {
            Map<String, KeysAndAttributes> request = ask;
            BatchGetItemResponse r =
                    DynamoErrors.call("token.lookupGuarded", () -> dynamo.batchGetItem(b -> b.requestItems(request)));
            List<Map<String, AttributeValue>> tokens = r.responses().getOrDefault(tokensTable, List.of());
            List<Map<String, AttributeValue>> counters = r.responses().getOrDefault(rateLimitsTable, List.of());
            token = tokens.isEmpty() ? token : tokens.getFirst();
            counter = counters.isEmpty() ? counter : counters.getFirst();
            ask = r.hasUnprocessedKeys() ? new HashMap<>(r.unprocessedKeys()) : Map.of();
        }
        if (!ask.isEmpty()) {
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Storage temporarily unavailable, try again");
        }
        Optional<TokenRecord> rec = DynamoDbTokenRepository.record(tokenHash, token);
        return new Result(rec, DynamoDbRateLimiter.decision(counter, policy.limit(failureClass), window));
    }
}
