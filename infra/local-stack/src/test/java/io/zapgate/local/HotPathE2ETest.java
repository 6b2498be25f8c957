package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication plus rate limiting costs two DynamoDB round trips (one conditional UpdateItem, one
 * GetItem); reading settings adds one. Counted on the real SDK clients of the local stack.
 */
class HotPathE2ETest {
    @Test
    void authAndRateLimitAreTwoRoundTrips() throws Exception {
        try (LocalStack stack = StackFixture.start(StackFixture.clock(), null, Map.of())) {
            Api api = new Api(stack.baseUrl());
            assertThat(api.post("/api/instance/new", stack.accountToken(), "{\"name\":\"hot\"}").status())
                    .isEqualTo(201);
            long before = DynamoCallCounter.total();
            Map<String, Long> ops = DynamoCallCounter.snapshot();
            assertThat(api.get("/api/instance/getSettings/hot", stack.accountToken()).status()).isEqualTo(200);
            assertThat(DynamoCallCounter.total() - before).isEqualTo(3);
            Map<String, Long> after = DynamoCallCounter.snapshot();
            assertThat(after.get("UpdateItem") - ops.getOrDefault("UpdateItem", 0L)).isEqualTo(1);
            assertThat(after.get("GetItem") - ops.getOrDefault("GetItem", 0L)).isEqualTo(2);
            long beforeUnauthorized = DynamoCallCounter.total();
            assertThat(api.get("/api/instance/getSettings/hot", "wrong-token").status()).isEqualTo(401);
            // a failed authentication also counts against the client address (guessing protection)
            assertThat(DynamoCallCounter.total() - beforeUnauthorized).isEqualTo(3);
        }
    }
}
