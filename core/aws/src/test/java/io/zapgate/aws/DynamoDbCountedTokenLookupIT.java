package io.zapgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.core.auth.TokenHash;
import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.contract.Samples;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.CountedTokenLookup;
import io.zapgate.core.ratelimit.RateLimitClass;
import io.zapgate.core.ratelimit.RateLimitPolicy;
import io.zapgate.testsupport.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The token's record and its per-class, per-minute counter in one conditional update of the token's item. */
class DynamoDbCountedTokenLookupIT {
    private final AwsIntegration aws = AwsIntegration.get();
    private final MutableClock clock = MutableClock.startingAtNextMinutePlus(5);
    private final RateLimitPolicy policy = new RateLimitPolicy(3, 2);
    private final DynamoDbCountedTokenLookup lookup =
            new DynamoDbCountedTokenLookup(aws.dynamo, aws.tables().tokens(), policy, clock);

    private TokenRecord newAccountToken() {
        Account account = Samples.account(5);
        TokenRecord token = Samples.accountToken(account);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, token);
        return token;
    }

    @Test
    void countsPerClassAndWindowAndTellsOverTheLimitFromUnknown() {
        TokenRecord token = newAccountToken();
        for (int i = 0; i < 3; i++) {
            CountedTokenLookup.Result r = lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL);
            assertThat(r.token()).contains(token);
            assertThat(r.limit().allowed()).isTrue();
            assertThat(r.limit().remaining()).isEqualTo(2 - i);
            assertThat(r.limit().resetEpochSeconds())
                    .isEqualTo(clock.instant().plusSeconds(55).getEpochSecond());
        }
        CountedTokenLookup.Result over = lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL);
        assertThat(over.token()).contains(token);
        assertThat(over.limit().allowed()).isFalse();
        assertThat(over.limit().remaining()).isZero();
        // the create class has its own counter
        assertThat(lookup.countAndLookup(token.tokenHash(), RateLimitClass.CREATE)
                        .limit()
                        .remaining())
                .isEqualTo(1);

        CountedTokenLookup.Result unknown = lookup.countAndLookup(TokenHash.of("never-issued"), RateLimitClass.GLOBAL);
        assertThat(unknown.token()).isEmpty();
        assertThat(unknown.limit()).isNull();
        // the failed update created nothing
        assertThat(aws.dynamo
                        .getItem(b -> b.tableName(aws.tables().tokens())
                                .consistentRead(true)
                                .key(Map.of("tokenHash", AttributeValue.fromS(TokenHash.of("never-issued")))))
                        .hasItem())
                .isFalse();

        clock.advance(Duration.ofSeconds(55));
        CountedTokenLookup.Result next = lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL);
        assertThat(next.limit().allowed()).isTrue();
        assertThat(next.limit().remaining()).isEqualTo(2);
        // the previous window's counters went with that update
        assertThat(item(token).keySet())
                .filteredOn(n -> n.startsWith("rl_"))
                .containsExactly(DynamoDbCountedTokenLookup.counter(
                        RateLimitClass.GLOBAL, RateLimitPolicy.windowStart(clock.instant())));
    }

    @Test
    void exactlyTheLimitPassesUnderConcurrency() throws Exception {
        TokenRecord token = newAccountToken();
        DynamoDbCountedTokenLookup wide =
                new DynamoDbCountedTokenLookup(aws.dynamo, aws.tables().tokens(), RateLimitPolicy.contract(), clock);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            var futures = IntStream.range(0, 130)
                    .mapToObj(i -> pool.submit(() -> wide.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL)
                            .limit()
                            .allowed()))
                    .toList();
            long passed = 0;
            for (Future<Boolean> f : futures) {
                passed += f.get() ? 1 : 0;
            }
            assertThat(passed).isEqualTo(100);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeletedInstanceTokenIsUnknownOnTheNextCall() {
        Account account = Samples.account(5);
        new DynamoDbAccountRepository(aws.dynamo, aws.tables()).create(account, Samples.accountToken(account));
        var instances = new DynamoDbInstanceRepository(
                aws.dynamo, aws.tables(), new io.zapgate.core.crypto.AesGcmSecretCipher(new byte[32]));
        Instance instance = Samples.instance(account, "gone");
        TokenRecord token = Samples.tokenOf(instance);
        instances.create(instance, token);
        assertThat(lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL)
                        .token())
                .contains(token);
        assertThat(instances.delete(instance)).isTrue();
        assertThat(lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL)
                        .token())
                .isEmpty();
        assertThat(item(token)).isEmpty();
    }

    @Test
    void countersLeftByAnIdleTokenGoWithItsNextUpdates() {
        TokenRecord token = newAccountToken();
        lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL);
        clock.advance(Duration.ofMinutes(5));
        lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL);
        assertThat(lookup.hasLeftovers(token.tokenHash())).isTrue();
        lookup.countAndLookup(token.tokenHash(), RateLimitClass.GLOBAL);
        assertThat(lookup.hasLeftovers(token.tokenHash())).isFalse();
        assertThat(item(token).keySet())
                .filteredOn(n -> n.startsWith("rl_"))
                .containsExactly(DynamoDbCountedTokenLookup.counter(
                        RateLimitClass.GLOBAL, RateLimitPolicy.windowStart(clock.instant())));
    }

    private Map<String, AttributeValue> item(TokenRecord token) {
        return aws.dynamo
                .getItem(b -> b.tableName(aws.tables().tokens())
                        .consistentRead(true)
                        .key(Map.of("tokenHash", AttributeValue.fromS(token.tokenHash()))))
                .item();
    }
}
