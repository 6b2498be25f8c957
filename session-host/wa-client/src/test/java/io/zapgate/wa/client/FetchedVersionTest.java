package io.zapgate.wa.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.Await;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FetchedVersionTest {

    @Test
    void concurrentRefreshesShareOneFetch() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger fetches = new AtomicInteger();
        WaVersion published = WaVersion.parse("2.3000.1300000000");
        FetchedVersion provider = new FetchedVersion(
                AppVersionProvider.BUILT_IN,
                URI.create("http://x/"),
                () -> {
                    fetches.incrementAndGet();
                    entered.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return published;
                },
                new ManualScheduler());

        CompletableFuture<WaVersion> first = new CompletableFuture<>();
        Thread owner = Thread.ofVirtual().start(() -> first.complete(provider.refresh()));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<WaVersion> second = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> second.complete(provider.refresh()));
        awaitJoined(provider);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(published);
        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(published);
        assertThat(fetches).hasValue(1);
        owner.join();

        assertThat(provider.refresh()).isEqualTo(published);
        assertThat(fetches).hasValue(2);
    }

    /** Waits until a second caller blocks on the fetch in flight. */
    private static void awaitJoined(FetchedVersion provider) {
        Await.until(
                "the second refresh to join the fetch in flight",
                Duration.ofSeconds(10),
                () -> provider.joiners() >= 1);
    }
}
