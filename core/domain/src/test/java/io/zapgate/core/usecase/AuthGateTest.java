package io.zapgate.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.auth.Principal;
import io.zapgate.core.fake.InMemoryRateLimiter;
import io.zapgate.core.fake.InMemoryStore;
import io.zapgate.core.port.CountedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitDecision;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.core.ratelimit.RateLimiter;
import io.zapgate.testsupport.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The order of reads and writes at the front door, counted on in-memory ports (limits: 3 global, 2 create). */
class AuthGateTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final InMemoryStore store = new InMemoryStore();
    private final InMemoryRateLimiter counters = new InMemoryRateLimiter(new RateLimitPolicy(3, 2), clock);
    private final List<String> calls = new ArrayList<>();
    private final RateLimiter limiter = new RateLimiter() {
        @Override
        public RateLimitDecision acquire(String subject, RateLimitClass cls) {
            calls.add("acquire " + subject.substring(0, subject.indexOf(':')));
            return counters.acquire(subject, cls);
        }

        @Override
        public RateLimitDecision peek(String subject, RateLimitClass cls) {
            return counters.peek(subject, cls);
        }
    };
    private final CountedTokenLookup lookup = (hash, cls) -> {
        calls.add("count token");
        return CountedTokenLookup.separate(store, counters).countAndLookup(hash, cls);
    };
    private final AuthGate gate = new AuthGate(lookup, limiter, clock);
    private String accountToken;

    @BeforeEach
    void setUp() {
        accountToken =
                new CreateAccount(store, clock, 3).execute("Acme", null, null).token();
    }

    @Test
    void aValidTokenIsOneCountingLookup() {
        AuthGate.Admission a = gate.admit(accountToken, "10.0.0.1", RateLimitClass.GLOBAL);
        assertThat(a.admitted()).isTrue();
        assertThat(a.principal()).isInstanceOf(Principal.Account.class);
        assertThat(a.limit().remaining()).isEqualTo(2);
        assertThat(calls).containsExactly("count token");
    }

    @Test
    void aValidTokenOverItsBucketIsRefusedAfterOneCall() {
        for (int i = 0; i < 3; i++) {
            assertThat(gate.admit(accountToken, "10.0.0.1", RateLimitClass.GLOBAL)
                            .admitted())
                    .isTrue();
        }
        calls.clear();
        AuthGate.Admission over = gate.admit(accountToken, "10.0.0.1", RateLimitClass.GLOBAL);
        assertThat(over.refusal()).hasMessage("Rate limit exceeded. Try again later.");
        assertThat(calls).containsExactly("count token");
    }

    @Test
    void anUnknownTokenCountsAFailureForTheAddress() {
        AuthGate.Admission a = gate.admit("guess", "10.0.0.5", RateLimitClass.GLOBAL);
        assertThat(a.refusal()).hasMessage("Invalid token");
        assertThat(a.limit().remaining()).isEqualTo(2);
        assertThat(calls).containsExactly("count token", "acquire authfail-ip");
    }

    @Test
    void anUnknownTokenFromABlockedAddressIsOneCallUntilTheWindowResets() {
        for (int i = 0; i < 3; i++) {
            AuthGate.Admission a = gate.admit("guess-" + i, "10.0.0.2", RateLimitClass.GLOBAL);
            assertThat(a.refusal()).hasMessage("Invalid token");
        }
        calls.clear();
        AuthGate.Admission blocked = gate.admit("guess-3", "10.0.0.2", RateLimitClass.GLOBAL);
        assertThat(blocked.refusal()).hasMessage("Rate limit exceeded. Try again later.");
        assertThat(blocked.limit().allowed()).isFalse();
        assertThat(blocked.limit().resetEpochSeconds())
                .isEqualTo(clock.instant().getEpochSecond() + 60);
        assertThat(calls).containsExactly("count token");

        calls.clear();
        assertThat(gate.admit(accountToken, "10.0.0.2", RateLimitClass.GLOBAL).admitted())
                .isTrue();
        assertThat(gate.admit("guess-4", "10.0.0.3", RateLimitClass.GLOBAL).refusal())
                .hasMessage("Invalid token");

        clock.advance(java.time.Duration.ofSeconds(60));
        calls.clear();
        assertThat(gate.admit("guess-5", "10.0.0.2", RateLimitClass.GLOBAL).refusal())
                .hasMessage("Invalid token");
        assertThat(calls).containsExactly("count token", "acquire authfail-ip");
    }

    @Test
    void aGateThatDidNotSeeTheLimitReachedLearnsItFromTheRefusedCount() {
        for (int i = 0; i < 3; i++) {
            gate.admit("guess-" + i, "10.0.0.6", RateLimitClass.GLOBAL);
        }
        AuthGate other = new AuthGate(lookup, limiter, clock);
        calls.clear();
        assertThat(other.admit("guess-3", "10.0.0.6", RateLimitClass.GLOBAL).refusal())
                .hasMessage("Rate limit exceeded. Try again later.");
        assertThat(calls).containsExactly("count token", "acquire authfail-ip");
        calls.clear();
        assertThat(other.admit("guess-4", "10.0.0.6", RateLimitClass.GLOBAL).refusal())
                .hasMessage("Rate limit exceeded. Try again later.");
        assertThat(calls).containsExactly("count token");
    }

    @Test
    void withoutATokenTheAddressIsCountedAndNoFailureIsRecorded() {
        for (int i = 0; i < 2; i++) {
            assertThat(gate.admit(null, "10.0.0.4", RateLimitClass.CREATE).refusal())
                    .hasMessage("Missing token in header");
        }
        assertThat(gate.admit(" ", "10.0.0.4", RateLimitClass.CREATE).refusal())
                .hasMessage("Rate limit exceeded. Try again later.");
        assertThat(calls).containsOnly("acquire ip");
        assertThat(counters.peek(AuthGate.failureSubject("10.0.0.4"), AuthGate.FAILURE_CLASS)
                        .remaining())
                .isEqualTo(3);
    }
}
