package io.zapgate.aws;

import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.port.CountedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Authentication and the token's rate limit in one round trip: a conditional {@code UpdateItem} on the token's
 * own item in the tokens table.
 *
 * <ul>
 *   <li>{@code ADD rl_<class>_<window> :1}: the token's counter for the current one-minute window and class
 *       (the same fixed windows as {@link DynamoDbRateLimiter});</li>
 *   <li>condition {@code attribute_exists(tokenHash) AND (counter absent OR counter < limit)}: the update
 *       never creates an item, so a deleted (or never issued) token fails the condition;</li>
 *   <li>{@code ReturnValues ALL_NEW} gives the token's record with the count; on a failed condition
 *       {@code ReturnValuesOnConditionCheckFailure ALL_OLD} tells an existing token over its limit (429) from
 *       an unknown one (no item: 401).</li>
 * </ul>
 * The item is read and written in the same strongly consistent step, so nothing is ever stale. The same update
 * removes both classes' counters of the previous window; a counter left behind by a token idle for longer
 * (seen in the returned item) is removed by this runtime's next update of that token.
 */
public final class DynamoDbCountedTokenLookup implements CountedTokenLookup {
    static final String COUNTER_PREFIX = "rl_";
    private static final int MAX_REMEMBERED = 10_000;
    private final DynamoDbClient dynamo;
    private final String table;
    private final RateLimitPolicy policy;
    private final Clock clock;
    /** Token hash to old counters seen in its item, removed by the next update of that token. */
    private final Map<String, Set<String>> leftovers = new ConcurrentHashMap<>();

    public DynamoDbCountedTokenLookup(DynamoDbClient dynamo, String table, RateLimitPolicy policy, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.policy = policy;
        this.clock = clock;
    }

    /** The attribute that counts a class's requests in the window starting at windowStart. */
    static String counter(RateLimitClass cls, long windowStart) {
        return COUNTER_PREFIX + cls.name() + "_" + windowStart;
    }

    @Override
    public Result countAndLookup(String tokenHash, RateLimitClass cls) {
        long window = RateLimitPolicy.windowStart(clock.instant());
        long reset = window + RateLimitPolicy.WINDOW_SECONDS;
        int limit = policy.limit(cls);
        Map<String, String> names = new HashMap<>();
        names.put("#c", counter(cls, window));
        Set<String> remove = new LinkedHashSet<>();
        for (RateLimitClass c : RateLimitClass.values()) {
            remove.add(counter(c, window - RateLimitPolicy.WINDOW_SECONDS));
        }
        Set<String> old = leftovers.remove(tokenHash);
        if (old != null) {
            remove.addAll(old);
        }
        StringBuilder update = new StringBuilder("ADD #c :one REMOVE ");
        int i = 0;
        for (String name : remove) {
            update.append(i == 0 ? "" : ", ").append("#r").append(i);
            names.put("#r" + i, name);
            i++;
        }
        try {
            UpdateItemResponse r = DynamoErrors.call(
                    "token.countAndLookup",
                    () -> dynamo.updateItem(b -> b.tableName(table)
                            .key(Map.of("tokenHash", AttributeValue.fromS(tokenHash)))
                            .updateExpression(update.toString())
                            .conditionExpression(
                                    "attribute_exists(tokenHash) AND (attribute_not_exists(#c) OR #c < :limit)")
                            .expressionAttributeNames(names)
                            .expressionAttributeValues(Map.of(
                                    ":one",
                                    AttributeValue.fromN("1"),
                                    ":limit",
                                    AttributeValue.fromN(Integer.toString(limit))))
                            .returnValues(ReturnValue.ALL_NEW)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
            Map<String, AttributeValue> item = r.attributes();
            noteLeftovers(tokenHash, item, window);
            int used = Integer.parseInt(item.get(counter(cls, window)).n());
            return new Result(
                    DynamoDbTokenRepository.record(tokenHash, item),
                    new RateLimitDecision(true, limit, Math.max(0, limit - used), reset));
        } catch (ZapgateException e) {
            if (!(e.getCause() instanceof ConditionalCheckFailedException failed)) {
                throw e;
            }
            Map<String, AttributeValue> item = failed.hasItem() ? failed.item() : Map.of();
            if (item.isEmpty()) {
                return Result.unknown();
            }
            noteLeftovers(tokenHash, item, window);
            return new Result(
                    DynamoDbTokenRepository.record(tokenHash, item), new RateLimitDecision(false, limit, 0, reset));
        }
    }

    /** Remembers the counters of windows before the previous one, which the update did not remove. */
    private void noteLeftovers(String tokenHash, Map<String, AttributeValue> item, long window) {
        Set<String> stale = null;
        for (String name : item.keySet()) {
            if (name.startsWith(COUNTER_PREFIX) && windowOf(name) < window - RateLimitPolicy.WINDOW_SECONDS) {
                if (stale == null) {
                    stale = new LinkedHashSet<>();
                }
                stale.add(name);
            }
        }
        if (stale != null) {
            if (leftovers.size() >= MAX_REMEMBERED) {
                leftovers.clear();
            }
            leftovers.put(tokenHash, stale);
        }
    }

    private static long windowOf(String counterName) {
        try {
            return Long.parseLong(counterName.substring(counterName.lastIndexOf('_') + 1));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /** For tests: whether an old counter of this token is waiting to be removed by its next update. */
    boolean hasLeftovers(String tokenHash) {
        return leftovers.containsKey(tokenHash);
    }
}
