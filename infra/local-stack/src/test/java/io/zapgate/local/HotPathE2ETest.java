package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.SdkCallCounter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Authentication plus rate limiting costs one DynamoDB round trip on a warm function (one conditional UpdateItem
 * on the token's own item that counts the request and returns the token); reading settings adds one. An unknown
 * token costs a second one (the address's failed-auth count); an address over its failed-auth limit costs one
 * round trip per guess. Counted on the real SDK clients of the local stack.
 */
class HotPathE2ETest {
    /**
     * No session host in these stacks: the counts are of every SDK client in the JVM, and a host's lease sweep or
     * renewal landing inside the measured window would be counted as the request's.
     */
    private static final Map<String, String> NO_SESSION_HOST = Map.of("ZAPGATE_SESSION_HOST", "0");

    @Test
    void authAndRateLimitAreOneRoundTrip() throws Exception {
        try (LocalStack stack = StackFixture.start(StackFixture.clock(), null, NO_SESSION_HOST)) {
            Api api = new Api(stack.baseUrl());
            assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"hot\"}")
                            .status())
                    .isEqualTo(201);
            long before = SdkCallCounter.total("DynamoDb");
            Map<String, Long> ops = SdkCallCounter.snapshot("DynamoDb");
            assertThat(api.get("/api/instance/getSettings/hot", stack.accountToken())
                            .status())
                    .isEqualTo(200);
            assertThat(SdkCallCounter.total("DynamoDb") - before).isEqualTo(2);
            Map<String, Long> after = SdkCallCounter.snapshot("DynamoDb");
            assertThat(after.getOrDefault("BatchGetItem", 0L) - ops.getOrDefault("BatchGetItem", 0L))
                    .isZero();
            assertThat(after.get("UpdateItem") - ops.getOrDefault("UpdateItem", 0L))
                    .isEqualTo(1);
            assertThat(SdkCallCounter.last("DynamoDb", 2).getFirst())
                    .isInstanceOfSatisfying(
                            UpdateItemRequest.class,
                            u -> assertThat(u.tableName())
                                    .isEqualTo(stack.resources().get("TokensTable")));
            assertThat(after.get("GetItem") - ops.getOrDefault("GetItem", 0L)).isEqualTo(1);
            long beforeUnauthorized = SdkCallCounter.total("DynamoDb");
            assertThat(api.get("/api/instance/getSettings/hot", "wrong-token").status())
                    .isEqualTo(401);
            // a failed authentication also counts against the client address (guessing protection)
            assertThat(SdkCallCounter.total("DynamoDb") - beforeUnauthorized).isEqualTo(2);
        }
    }

    @Test
    void anAddressOverItsFailedAuthLimitCostsOneRoundTripPerRequest() throws Exception {
        try (LocalStack stack = StackFixture.start(
                StackFixture.clock(), null, Map.of("ZAPGATE_RATE_LIMIT_GLOBAL", "5", "ZAPGATE_SESSION_HOST", "0"))) {
            Api api = new Api(stack.baseUrl());
            for (int i = 0; i < 5; i++) {
                Api.Reply guess = api.get("/api/instance/list", "random-guess-" + i);
                assertThat(guess.status()).isEqualTo(401);
                assertThat(guess.error()).isEqualTo("Invalid token");
            }
            for (int i = 5; i < 8; i++) {
                long before = SdkCallCounter.total("DynamoDb");
                Api.Reply blocked = api.get("/api/instance/list", "random-guess-" + i);
                assertThat(SdkCallCounter.total("DynamoDb") - before)
                        .as("DynamoDB calls of a blocked guess")
                        .isEqualTo(1);
                assertThat(SdkCallCounter.last("DynamoDb", 1).getFirst()).isInstanceOf(UpdateItemRequest.class);
                assertThat(blocked.status()).isEqualTo(429);
                assertThat(blocked.error()).isEqualTo("Rate limit exceeded. Try again later.");
                assertThat(blocked.header("X-RateLimit-Limit")).isEqualTo("5");
                assertThat(blocked.header("X-RateLimit-Remaining")).isEqualTo("0");
                assertThat(blocked.header("Retry-After")).isEqualTo("55");
            }
            // the account's own token still works from that address
            assertThat(api.get("/api/instance/list", stack.accountToken()).status())
                    .isEqualTo(200);
        }
    }
}
