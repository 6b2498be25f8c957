package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 150 requests racing from 10 threads with one token: exactly 100 pass and 50 get 429, over real HTTP. */
class RateLimitE2ETest {
    @Test
    void exactlyOneHundredPass() throws Exception {
        MutableClock clock = StackFixture.clock();
        try (LocalStack stack = StackFixture.start(clock, null, Map.of())) {
            Api api = new Api(stack.baseUrl());
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                replies.add(pool.submit(() -> api.get("/api/instance/list", stack.accountToken())));
            }
            int ok = 0;
            int limited = 0;
            for (Future<Api.Reply> f : replies) {
                Api.Reply r = f.get();
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertThat(r.status()).isEqualTo(429);
                    assertThat(r.error()).isEqualTo("Rate limit exceeded. Try again later.");
                    assertThat(r.header("Retry-After")).isEqualTo("55");
                    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
                    limited++;
                }
            }
            pool.shutdown();
            assertThat(ok).isEqualTo(100);
            assertThat(limited).isEqualTo(50);
            clock.advance(java.time.Duration.ofSeconds(60));
            assertThat(api.get("/api/instance/list", stack.accountToken()).status())
                    .isEqualTo(200);
        }
    }
}
