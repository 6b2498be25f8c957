package io.zapgate.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zapgate.core.auth.TokenRecord;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.ProxyProtocol;
import io.zapgate.core.instance.ProxySettings;
import io.zapgate.core.instance.S3Settings;
import io.zapgate.core.instance.Settings;
import io.zapgate.core.port.Account;
import io.zapgate.core.port.AccountRepository;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.port.TokenRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every store adapter must have; run against the in-memory fake and DynamoDB Local. */
public abstract class StoreContract {
    protected abstract AccountRepository accounts();

    protected abstract TokenRepository tokens();

    protected abstract InstanceRepository instances();

    private Account newAccount(int quota) {
        Account a = Samples.account(quota);
        accounts().create(a, Samples.accountToken(a));
        return a;
    }

    @Test
    void accountAndTokenAreStoredTogether() {
        Account a = newAccount(3);
        assertThat(accounts().find(a.id())).contains(a);
        assertThat(tokens().lookup(Samples.accountToken(a).tokenHash())).contains(Samples.accountToken(a));
        assertThat(tokens().lookup("nope")).isEmpty();
    }

    @Test
    void anAccountTokenCannotBeReused() {
        Account a = newAccount(3);
        Account b = Samples.account(3);
        TokenRecord sameHash = TokenRecord.forAccount(Samples.accountToken(a).tokenHash(), b.id());
        assertThatThrownBy(() -> accounts().create(b, sameHash))
                .isInstanceOf(ZapgateException.class)
                .extracting(e -> ((ZapgateException) e).code())
                .isEqualTo(ErrorCode.CONFLICT);
        assertThat(accounts().find(b.id())).isEmpty();
    }

    @Test
    void fullInstanceRoundTripsWithSecrets() {
        Account a = newAccount(3);
        Instance i = Samples.fullInstance(a, "main");
        instances().create(i, Samples.tokenOf(i));
        assertThat(instances().find(i.key())).contains(i);
        assertThat(tokens().lookup(i.tokenHash())).contains(Samples.tokenOf(i));
        assertThat(accounts().find(a.id()).orElseThrow().instanceCount()).isEqualTo(1);
    }

    @Test
    void duplicateNameIsAConflictAndWritesNothing() {
        Account a = newAccount(5);
        Instance first = Samples.instance(a, "dup");
        instances().create(first, Samples.tokenOf(first));
        Instance second = Samples.instance(a, "dup");
        TokenRecord otherToken = TokenRecord.forInstance("other-hash-" + a.id(), a.id(), "dup", second.id());
        assertThatThrownBy(() -> instances().create(second, otherToken)).hasMessage("Instance name already exists");
        assertThat(tokens().lookup(otherToken.tokenHash())).isEmpty();
        assertThat(accounts().find(a.id()).orElseThrow().instanceCount()).isEqualTo(1);
    }

    @Test
    void duplicateTokenIsAConflictAndWritesNothing() {
        Account a = newAccount(5);
        Instance first = Samples.instance(a, "one");
        instances().create(first, Samples.tokenOf(first));
        Instance second = Samples.instance(a, "two");
        TokenRecord same = TokenRecord.forInstance(first.tokenHash(), a.id(), "two", second.id());
        assertThatThrownBy(() -> instances().create(second, same)).hasMessage("Token already in use");
        assertThat(instances().find(second.key())).isEmpty();
        assertThat(tokens().lookup(first.tokenHash()).orElseThrow().instanceName())
                .isEqualTo("one");
    }

    @Test
    void quotaIsEnforcedUnderRaces() throws Exception {
        Account a = newAccount(3);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            Instance i = Samples.instance(a, "race" + n);
            results.add(pool.submit(() -> {
                try {
                    instances().create(i, Samples.tokenOf(i));
                    return true;
                } catch (ZapgateException e) {
                    assertThat(e.code()).isIn(ErrorCode.FORBIDDEN, ErrorCode.CONFLICT);
                    return false;
                }
            }));
        }
        int created = 0;
        for (Future<Boolean> f : results) {
            created += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(created).isEqualTo(3);
        assertThat(instances().listByAccount(a.id())).hasSize(3);
        assertThat(accounts().find(a.id()).orElseThrow().instanceCount()).isEqualTo(3);
    }

    @Test
    void quotaExceededSaysSo() {
        Account a = newAccount(1);
        Instance one = Samples.instance(a, "one");
        instances().create(one, Samples.tokenOf(one));
        Instance two = Samples.instance(a, "two");
        assertThatThrownBy(() -> instances().create(two, Samples.tokenOf(two)))
                .hasMessage("Account instance quota exceeded");
        assertThat(tokens().lookup(two.tokenHash())).isEmpty();
    }

    @Test
    void listIsPerAccountAndSortedByName() {
        Account a = newAccount(5);
        Account b = newAccount(5);
        for (String n : List.of("zeta", "alpha", "mid")) {
            Instance i = Samples.instance(a, n);
            instances().create(i, Samples.tokenOf(i));
        }
        Instance other = Samples.instance(b, "alpha");
        instances().create(other, Samples.tokenOf(other));
        assertThat(instances().listByAccount(a.id()))
                .extracting(Instance::name)
                .containsExactly("alpha", "mid", "zeta");
        assertThat(instances().listByAccount(b.id())).extracting(Instance::name).containsExactly("alpha");
    }

    @Test
    void blocksUpdateInPlace() {
        Account a = newAccount(5);
        Instance i = Samples.instance(a, "cfg");
        instances().create(i, Samples.tokenOf(i));
        Settings s = new Settings(true, "no calls", false, true, true, false, false);
        ProxySettings p = new ProxySettings(true, "10.0.0.1", "3128", ProxyProtocol.HTTP, "u", "pw");
        S3Settings s3 = new S3Settings(true, "us-east-1", "bucket-1", "AK", "SK", null, null);
        instances().updateSettings(i, s);
        instances().updateProxy(i, p);
        instances().updateS3(i, s3);
        Instance stored = instances().find(i.key()).orElseThrow();
        assertThat(stored.settings()).isEqualTo(s);
        assertThat(stored.proxy()).isEqualTo(p);
        assertThat(stored.s3()).isEqualTo(s3);
        instances().updateS3(i, S3Settings.disabled());
        assertThat(instances().find(i.key()).orElseThrow().s3()).isEqualTo(S3Settings.disabled());
    }

    @Test
    void racingBlockChangesOfDifferentFieldsAllLand() throws Exception {
        Account a = newAccount(5);
        Instance i = Samples.instance(a, "racy");
        instances().create(i, Samples.tokenOf(i));
        instances().updateProxy(i, new ProxySettings(true, "old.example", "1000", ProxyProtocol.HTTP, "user", "pw"));
        instances().updateS3(i, new S3Settings(true, "us-east-1", "old-bucket", "AK", "SK", null, null));
        // every writer starts from the same stale copy `i` and changes one field of the stored block
        List<Runnable> writers = List.of(
                () -> instances()
                        .changeSettings(
                                i,
                                s -> new Settings(
                                        true,
                                        s.callRejectMessage(),
                                        s.ignoreGroupMessages(),
                                        s.keepOnlineStatus(),
                                        s.autoReadMessages(),
                                        s.disableHistorySync(),
                                        s.ignoreStatus())),
                () -> instances()
                        .changeSettings(
                                i,
                                s -> new Settings(
                                        s.autoRejectCalls(),
                                        "busy",
                                        s.ignoreGroupMessages(),
                                        s.keepOnlineStatus(),
                                        s.autoReadMessages(),
                                        s.disableHistorySync(),
                                        s.ignoreStatus())),
                () -> instances()
                        .changeSettings(
                                i,
                                s -> new Settings(
                                        s.autoRejectCalls(),
                                        s.callRejectMessage(),
                                        true,
                                        s.keepOnlineStatus(),
                                        s.autoReadMessages(),
                                        s.disableHistorySync(),
                                        s.ignoreStatus())),
                () -> instances()
                        .changeSettings(
                                i,
                                s -> new Settings(
                                        s.autoRejectCalls(),
                                        s.callRejectMessage(),
                                        s.ignoreGroupMessages(),
                                        true,
                                        s.autoReadMessages(),
                                        s.disableHistorySync(),
                                        s.ignoreStatus())),
                () -> instances()
                        .changeProxy(
                                i,
                                p -> new ProxySettings(
                                        true, "new.example", p.port(), p.protocol(), p.username(), p.password())),
                () -> instances()
                        .changeProxy(
                                i,
                                p -> new ProxySettings(
                                        true, p.host(), "2000", p.protocol(), p.username(), p.password())),
                () -> instances()
                        .changeProxy(
                                i,
                                p -> new ProxySettings(
                                        true, p.host(), p.port(), ProxyProtocol.SOCKS5, p.username(), p.password())),
                () -> instances()
                        .changeS3(
                                i,
                                s -> new S3Settings(
                                        true,
                                        "eu-west-1",
                                        s.bucket(),
                                        s.accessKey(),
                                        s.secretKey(),
                                        s.endpoint(),
                                        s.pathPrefix())),
                () -> instances()
                        .changeS3(
                                i,
                                s -> new S3Settings(
                                        true,
                                        s.region(),
                                        "new-bucket",
                                        s.accessKey(),
                                        s.secretKey(),
                                        s.endpoint(),
                                        s.pathPrefix())),
                () -> instances()
                        .changeS3(
                                i,
                                s -> new S3Settings(
                                        true,
                                        s.region(),
                                        s.bucket(),
                                        s.accessKey(),
                                        s.secretKey(),
                                        s.endpoint(),
                                        "media/")));
        ExecutorService pool = Executors.newFixedThreadPool(writers.size());
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (Runnable w : writers) {
                done.add(pool.submit(() -> {
                    go.await();
                    w.run();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Instance stored = instances().find(i.key()).orElseThrow();
        assertThat(stored.settings()).isEqualTo(new Settings(true, "busy", true, true, false, true, false));
        assertThat(stored.proxy())
                .isEqualTo(new ProxySettings(true, "new.example", "2000", ProxyProtocol.SOCKS5, "user", "pw"));
        assertThat(stored.s3()).isEqualTo(new S3Settings(true, "eu-west-1", "new-bucket", "AK", "SK", null, "media/"));
    }

    @Test
    void aRefusedChangeWritesNothing() {
        Account a = newAccount(5);
        Instance i = Samples.instance(a, "refused");
        instances().create(i, Samples.tokenOf(i));
        assertThatThrownBy(() -> instances().changeSettings(i, s -> {
                    throw ZapgateException.badRequest("no");
                }))
                .hasMessage("no");
        assertThat(instances().find(i.key()).orElseThrow().settings()).isEqualTo(i.settings());
    }

    @Test
    void updatingAMissingInstanceIsNotFound() {
        Account a = newAccount(5);
        Instance ghost = Samples.instance(a, "ghost");
        assertThatThrownBy(() -> instances().updateSettings(ghost, Settings.defaults()))
                .hasMessage("Instance not found");
        assertThat(instances().find(ghost.key())).isEmpty();
        Instance old = Samples.instance(a, "reused");
        instances().create(old, Samples.tokenOf(old));
        instances().delete(old);
        Instance current = Samples.instance(a, "reused");
        instances().create(current, Samples.tokenOf(current));
        assertThatThrownBy(() -> instances().updateProxy(old, ProxySettings.disabled()))
                .hasMessage("Instance not found");
    }

    @Test
    void deleteRemovesEveryRowAndFreesTheQuota() {
        Account a = newAccount(1);
        Instance i = Samples.fullInstance(a, "gone");
        instances().create(i, Samples.tokenOf(i));
        assertThat(instances().delete(i)).isTrue();
        assertThat(instances().find(i.key())).isEmpty();
        assertThat(tokens().lookup(i.tokenHash())).isEmpty();
        assertThat(accounts().find(a.id()).orElseThrow().instanceCount()).isZero();
        assertThat(instances().delete(i)).isFalse();
        Instance again = Samples.instance(a, "gone");
        instances().create(again, Samples.tokenOf(again));
        assertThat(instances().find(again.key()).orElseThrow().id()).isEqualTo(again.id());
    }

    @Test
    void deleteOfAnOlderIncarnationDoesNothing() {
        Account a = newAccount(2);
        Instance old = Samples.instance(a, "reborn");
        instances().create(old, Samples.tokenOf(old));
        instances().delete(old);
        Instance current = Samples.instance(a, "reborn");
        instances().create(current, Samples.tokenOf(current));
        assertThat(instances().delete(old)).isFalse();
        assertThat(instances().find(current.key())).isPresent();
    }
}
