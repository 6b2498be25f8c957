package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.Await;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.ClientOutdated;
import io.zapgate.wa.events.Disconnected;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutdatedRetryTest {
    private static final WaVersion NEWER = WaVersion.parse("2.3000.1300000000");
    private static final Node OUTDATED =
            Node.builder("failure").attr("reason", "405").build();

    private final AtomicInteger fetches = new AtomicInteger();
    private final IdleTrackingExecutor executor = new IdleTrackingExecutor();

    private Harness harness(io.zapgate.wa.store.Device saved, AppVersionProvider.Source source) {
        return new Harness(saved, b -> {
            var time = new ManualScheduler();
            return b.executor(executor)
                    .versions(new AppVersionProvider(
                            AppVersionProvider.BUILT_IN, URI.create("http://x/"), source, time, time, Runnable::run));
        });
    }

    private Harness harness(io.zapgate.wa.store.Device saved) {
        return harness(saved, () -> {
            fetches.incrementAndGet();
            return NEWER;
        });
    }

    @Test
    void refusedVersionIsRefreshedAndRetriedOnceThenOutdated() throws Exception {
        Harness h = harness(TestDevices.paired());
        FakeLink first = h.connect();
        assertThat(h.core().options.versions().current()).isEqualTo(AppVersionProvider.BUILT_IN);
        first.receive(OUTDATED);
        FakeLink retry = retryLink(h, 2);
        assertThat(first.closedExpected).isTrue();
        assertThat(fetches).hasValue(1);
        assertThat(h.core().options.versions().current()).isEqualTo(NEWER);

        retry.receive(OUTDATED);
        h.await(ClientOutdated.class);
        h.settle();
        assertThat(retry.closedExpected).isTrue();
        assertThat(fetches).hasValue(1);
        h.time.advance(Duration.ofMinutes(10));
        executor.awaitIdle();
        assertThat(h.links).hasSize(2);
        assertThat(h.allEvents).noneMatch(e -> e instanceof Disconnected);
    }

    @Test
    void successOnTheRetryMeansNoOutdatedAndANewRetryNextTime() throws Exception {
        Harness h = harness(TestDevices.paired());
        h.connect().receive(OUTDATED);
        FakeLink retry = retryLink(h, 2);
        retry.receive(Node.builder("success").attr("t", "1700000000").build());
        h.settle();
        assertThat(h.client.isLoggedIn()).isTrue();

        retry.receive(OUTDATED);
        retryLink(h, 3);
        h.settle();
        assertThat(fetches).hasValue(2);
        assertThat(h.allEvents).noneMatch(e -> e instanceof ClientOutdated);
    }

    @Test
    void unpairedDeviceIsRetriedToo() throws Exception {
        Harness h = harness(null);
        h.connect().receive(OUTDATED);
        retryLink(h, 2).receive(OUTDATED);
        h.await(ClientOutdated.class);
        assertThat(fetches).hasValue(1);
        assertThat(h.links).hasSize(2);
    }

    @Test
    void userConnectAfterOutdatedGetsItsOwnRetry() throws Exception {
        Harness h = harness(TestDevices.paired());
        h.connect().receive(OUTDATED);
        retryLink(h, 2).receive(OUTDATED);
        h.await(ClientOutdated.class);
        h.settle();
        h.connect().receive(OUTDATED);
        retryLink(h, 4);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void disconnectWhileRefreshingCancelsTheRetry() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Harness h = harness(TestDevices.paired(), () -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return NEWER;
        });
        h.connect().receive(OUTDATED);
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        h.client.disconnect();
        release.countDown();
        executor.awaitIdle();
        assertThat(h.links).hasSize(1);
        assertThat(h.allEvents).noneMatch(e -> e instanceof ClientOutdated);
    }

    /** Waits for the {@code count}-th link and until the client uses it (it only reads nodes after that). */
    private static FakeLink retryLink(Harness h, int count) throws InterruptedException {
        FakeLink link = h.awaitLinks(count);
        Await.until(
                "link " + count + " to be attached",
                Duration.ofSeconds(10),
                () -> h.core().isCurrent(link));
        return link;
    }
}
