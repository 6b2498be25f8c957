package io.zapgate.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimiter;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Rate-limiter behaviour, for the fake and the DynamoDB adapter (limits 100 global / 20 create). */
public abstract class RateLimiterContract {
    protected final MutableClock clock = MutableClock.startingAtNextMinutePlus(5);

    protected abstract RateLimiter limiter();

    @Test
    void exactlyTheLimitPassesWhenRequestsRace() throws Exception {
        String subject = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<RateLimitDecision>> all = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            all.add(pool.submit(() -> limiter().acquire(subject, RateLimitClass.GLOBAL)));
        }
        int allowed = 0;
        for (Future<RateLimitDecision> f : all) {
            RateLimitDecision d = f.get();
            allowed += d.allowed() ? 1 : 0;
            assertThat(d.limit()).isEqualTo(100);
            assertThat(d.resetEpochSeconds())
                    .isEqualTo(clock.instant().plusSeconds(55).getEpochSecond());
        }
        pool.shutdown();
        assertThat(allowed).isEqualTo(100);
    }

    @Test
    void remainingCountsDownAndClassesAreSeparate() {
        String subject = "count-" + UUID.randomUUID();
        assertThat(limiter().acquire(subject, RateLimitClass.CREATE).remaining())
                .isEqualTo(19);
        assertThat(limiter().acquire(subject, RateLimitClass.CREATE).remaining())
                .isEqualTo(18);
        assertThat(limiter().acquire(subject, RateLimitClass.GLOBAL).remaining())
                .isEqualTo(99);
        for (int i = 0; i < 18; i++) {
            assertThat(limiter().acquire(subject, RateLimitClass.CREATE).allowed())
                    .isTrue();
        }
        RateLimitDecision denied = limiter().acquire(subject, RateLimitClass.CREATE);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.remaining()).isZero();
        assertThat(denied.retryAfterSeconds(clock.instant().getEpochSecond())).isEqualTo(55);
    }

    @Test
    void aNewWindowStartsAtTheNextMinute() {
        String subject = "window-" + UUID.randomUUID();
        for (int i = 0; i < 20; i++) {
            limiter().acquire(subject, RateLimitClass.CREATE);
        }
        assertThat(limiter().acquire(subject, RateLimitClass.CREATE).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(55));
        RateLimitDecision next = limiter().acquire(subject, RateLimitClass.CREATE);
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isEqualTo(19);
    }

    @Test
    void peekReadsTheCountWithoutCounting() {
        String subject = "peek-" + UUID.randomUUID();
        RateLimitDecision fresh = limiter().peek(subject, RateLimitClass.CREATE);
        assertThat(fresh.allowed()).isTrue();
        assertThat(fresh.remaining()).isEqualTo(20);
        assertThat(fresh.resetEpochSeconds())
                .isEqualTo(clock.instant().plusSeconds(55).getEpochSecond());
        for (int i = 0; i < 19; i++) {
            limiter().acquire(subject, RateLimitClass.CREATE);
        }
        assertThat(limiter().peek(subject, RateLimitClass.CREATE).remaining()).isEqualTo(1);
        assertThat(limiter().peek(subject, RateLimitClass.CREATE).allowed()).isTrue();
        assertThat(limiter().acquire(subject, RateLimitClass.CREATE).allowed()).isTrue();
        RateLimitDecision full = limiter().peek(subject, RateLimitClass.CREATE);
        assertThat(full.allowed()).isFalse();
        assertThat(full.remaining()).isZero();
        assertThat(limiter().peek(subject, RateLimitClass.GLOBAL).remaining()).isEqualTo(100);
    }
}
