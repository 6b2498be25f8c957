package io.zapgate.wa.client;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The WhatsApp Web app version a client presents (UserAgent and build hash of every ClientPayload). WhatsApp
 * raises its minimum every few weeks and answers an outdated client with {@code <failure reason="405">}, so
 * the version can follow WhatsApp: <b>fixed</b> ({@link #fixed}) always answers the same version;
 * <b>fetching</b> ({@link #fetching}) reads {@code client_revision} from a page (default {@link #WHATSAPP_WEB_URL},
 * see {@link VersionPage}) at {@link #start()} and every {@link #REFRESH_INTERVAL}, and on demand
 * ({@link #refresh()}, e.g. after a 405). Until a fetch succeeds the {@link #BUILT_IN} version is in force;
 * a failed fetch is logged at WARNING and keeps the last good value.
 *
 * <p>Thread-safe; one provider can serve every client of a process. {@link #current()} never blocks;
 * concurrent {@link #refresh()} calls share one fetch. The owner starts and closes it; clients never do.
 */
public final class AppVersionProvider implements AutoCloseable {
    /** The real web client's page (whatsmeow {@code socket.Origin}, fetched by update.go GetLatestVersion). */
    public static final URI WHATSAPP_WEB_URL = URI.create("https://web.whatsapp.com/");
    /** How often a started fetching provider reads the page again. */
    public static final Duration REFRESH_INTERVAL = Duration.ofHours(6);
    /** Connect and request timeout of one fetch. */
    public static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** The version compiled in: {@link ClientProfile#DEFAULT}'s; the fallback of a fetching provider. */
    public static final WaVersion BUILT_IN = ClientProfile.DEFAULT.appVersion();

    /** Where a fetching provider reads versions from; tests stub it. */
    interface Source extends AutoCloseable {
        /** @return the version published now @throws IOException saying why there is none */
        WaVersion fetch() throws IOException;

        @Override
        default void close() {}
    }

    private final WaVersion fallback;
    private final URI url;
    private final FetchedVersion fetcher;
    private final TaskScheduler scheduler;
    private final Executor executor;
    private TaskScheduler.Cancellable timer;
    private boolean started;
    private boolean closed;

    AppVersionProvider(
            WaVersion fallback, URI url, Source source, TaskScheduler scheduler, Clock clock, Executor executor) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.url = url;
        this.fetcher = source == null ? null : new FetchedVersion(fallback, url, source, clock);
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** @return a provider that always answers {@code version}; start, refresh and close do nothing */
    public static AppVersionProvider fixed(WaVersion version) {
        return new AppVersionProvider(version, null, null, null, null, null);
    }

    /** @return a provider fetching from {@code url} on the shared timer, the system clock and virtual threads */
    public static AppVersionProvider fetching(URI url) {
        return fetching(
                url,
                TaskScheduler.system(),
                Clock.systemUTC(),
                task -> Thread.ofVirtual().name("zapgate-wa-version").start(task));
    }

    /**
     * A provider fetching {@code url} (http or https), falling back to {@link #BUILT_IN}.
     *
     * @param scheduler timer of the periodic refresh
     * @param clock stamps {@link #lastFetched()}
     * @param executor runs the fetches of {@link #start()} and of the periodic refresh (they block)
     * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL
     */
    public static AppVersionProvider fetching(URI url, TaskScheduler scheduler, Clock clock, Executor executor) {
        String scheme = Objects.requireNonNull(url, "url").getScheme();
        if (scheme == null || !scheme.matches("(?i)https?") || url.getHost() == null) {
            throw new IllegalArgumentException("app version URL must be an absolute http(s) URL: " + url);
        }
        return new AppVersionProvider(
                BUILT_IN,
                url,
                new VersionPage(url, FETCH_TIMEOUT),
                Objects.requireNonNull(scheduler, "scheduler"),
                Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(executor, "executor"));
    }

    /** {@link #fromConfig(String, String, TaskScheduler, Clock, Executor)} on the shared timer and system clock. */
    public static AppVersionProvider fromConfig(String fixedOrNull, String urlOrNull) {
        return VersionConfig.provider(fixedOrNull, urlOrNull, AppVersionProvider::fetching);
    }

    /**
     * The provider configured by two settings (e.g. {@code ZAPGATE_WA_VERSION}, {@code ZAPGATE_WA_VERSION_URL};
     * blank = unset): a fixed version wins; otherwise fetch from the URL, {@link #WHATSAPP_WEB_URL} if unset;
     * the URL {@code off} (or {@code none}) means no fetching: fixed {@link #BUILT_IN}.
     *
     * @throws IllegalArgumentException for a malformed version or URL (the message names the value)
     */
    public static AppVersionProvider fromConfig(
            String fixedOrNull, String urlOrNull, TaskScheduler scheduler, Clock clock, Executor executor) {
        return VersionConfig.provider(fixedOrNull, urlOrNull, url -> fetching(url, scheduler, clock, executor));
    }

    /** @return the version in force: the last good fetch, else the fixed or built-in version; never null */
    public WaVersion current() {
        return fetcher == null ? fallback : fetcher.current();
    }

    /**
     * Fetches now (joining a fetch already in flight) and blocks until done; a failure is logged and keeps the
     * version in force. Never throws for network errors. Fixed providers just answer {@link #current()}.
     *
     * @return the version in force afterwards
     */
    public WaVersion refresh() {
        return fetcher == null ? fallback : fetcher.refresh();
    }

    /**
     * Starts a fetching provider: fetches once on the executor, then every {@link #REFRESH_INTERVAL}. Does not
     * block; idempotent.
     *
     * @return completes with the version in force after the first fetch (immediately for fixed providers)
     */
    public CompletableFuture<WaVersion> start() {
        synchronized (this) {
            if (fetcher == null || started || closed) {
                return CompletableFuture.completedFuture(current());
            }
            started = true;
        }
        return CompletableFuture.supplyAsync(this::periodicRefresh, executor);
    }

    /** Stops the periodic refresh and releases the HTTP client; {@link #current()} keeps answering. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }
        if (fetcher != null) {
            fetcher.close();
        }
    }

    /** @return when the version in force was fetched; empty while the fixed or built-in version is in force */
    public Optional<Instant> lastFetched() {
        return fetcher == null ? Optional.empty() : fetcher.lastFetched();
    }

    /** @return the page a fetching provider reads; empty for a fixed provider */
    public Optional<URI> url() {
        return Optional.ofNullable(url);
    }

    @Override
    public String toString() {
        return url == null ? "fixed " + fallback : "fetching " + url + " (in force " + current() + ")";
    }

    private WaVersion periodicRefresh() {
        WaVersion result = refresh();
        synchronized (this) {
            if (!closed) {
                timer = scheduler.schedule(REFRESH_INTERVAL, () -> executor.execute(this::periodicRefresh));
            }
        }
        return result;
    }
}
