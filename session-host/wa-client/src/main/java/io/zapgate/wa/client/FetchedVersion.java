package io.zapgate.wa.client;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The fetched half of a fetching {@link AppVersionProvider}: the last good version read from the
 * {@link AppVersionProvider.Source} (or the fallback before any), and one fetch at a time: a {@link #refresh()}
 * that arrives while another runs waits for that fetch's result instead of starting its own.
 */
final class FetchedVersion {
    private static final System.Logger LOG = System.getLogger(AppVersionProvider.class.getName());

    private final WaVersion fallback;
    private final URI url;
    private final AppVersionProvider.Source source;
    private final Clock clock;
    private volatile WaVersion fetched;
    private volatile Instant fetchedAt;
    private CompletableFuture<WaVersion> inFlight;

    FetchedVersion(WaVersion fallback, URI url, AppVersionProvider.Source source, Clock clock) {
        this.fallback = fallback;
        this.url = url;
        this.source = source;
        this.clock = clock;
    }

    WaVersion current() {
        WaVersion value = fetched;
        return value != null ? value : fallback;
    }

    Optional<Instant> lastFetched() {
        return Optional.ofNullable(fetchedAt);
    }

    /** Fetches (or joins the fetch in flight) and blocks until done; @return the version in force afterwards */
    WaVersion refresh() {
        CompletableFuture<WaVersion> shared;
        boolean mine = false;
        synchronized (this) {
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                mine = true;
            }
            shared = inFlight;
        }
        if (mine) {
            WaVersion result = current();
            try {
                result = fetchOnce();
            } finally {
                synchronized (this) {
                    inFlight = null;
                }
                shared.complete(result);
            }
        }
        return shared.join();
    }

    /** @return how many callers are blocked joining the fetch in flight (for tests) */
    synchronized int joiners() {
        return inFlight == null ? 0 : inFlight.getNumberOfDependents();
    }

    void close() {
        source.close();
    }

    private WaVersion fetchOnce() {
        WaVersion before = current();
        try {
            WaVersion value = source.fetch();
            fetchedAt = clock.instant();
            fetched = value;
            LOG.log(value.equals(before) ? Level.DEBUG : Level.INFO, "app version {0} (fetched from {1})", value, url);
            return value;
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not fetch the app version from {0} ({1}); keeping {2}",
                    url,
                    reason(e),
                    before);
            return before;
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : type + ": " + message;
    }
}
