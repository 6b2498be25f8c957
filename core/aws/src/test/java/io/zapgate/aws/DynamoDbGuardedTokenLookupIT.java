package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.GuardedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The token and the failed-auth counter read together, against the counters the rate limiter writes. */
class DynamoDbGuardedTokenLookupIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final MutableClock clock = MutableClock.startingAtNextMinutePlus(5);
    private final RateLimitPolicy policy = new RateLimitPolicy(3, 2);
    private final DynamoDbRateLimiter limiter =
            new DynamoDbRateLimiter(aws.dynamo, aws.tables().rateLimits(), policy, clock);
    private final DynamoDbGuardedTokenLookup lookup = new DynamoDbGuardedTokenLookup(
            aws.dynamo, aws.tables().tokens(), aws.tables().rateLimits(), policy, clock);

    @Test
    void readsTheTokenAndTheCounterTheLimiterWrites() {
        Account account = Samples.account(5);
        TokenRecord token = Samples.accountToken(account);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, token);
        String subject = "authfail-ip:" + UUID.randomUUID();

        GuardedTokenLookup.Result first = lookup.lookup(token.tokenHash(), subject, RateLimitClass.GLOBAL);
        assertThat(first.token()).contains(token);
        assertThat(first.failures().allowed()).isTrue();
        assertThat(first.failures().remaining()).isEqualTo(3);

        for (int i = 0; i < 3; i++) {
            limiter.acquire(subject, RateLimitClass.GLOBAL);
        }
        GuardedTokenLookup.Result blocked = lookup.lookup(TokenHash.of("unknown"), subject, RateLimitClass.GLOBAL);
        assertThat(blocked.token()).isEmpty();
        assertThat(blocked.failures().allowed()).isFalse();
        assertThat(blocked.failures().remaining()).isZero();
        assertThat(blocked.failures().resetEpochSeconds())
                .isEqualTo(clock.instant().plusSeconds(55).getEpochSecond());
        assertThat(lookup.lookup(token.tokenHash(), subject, RateLimitClass.CREATE)
                        .failures()
                        .allowed())
                .isTrue();

        clock.advance(Duration.ofSeconds(55));
        assertThat(lookup.lookup(token.tokenHash(), subject, RateLimitClass.GLOBAL)
                        .failures()
                        .allowed())
                .isTrue();
    }
}
