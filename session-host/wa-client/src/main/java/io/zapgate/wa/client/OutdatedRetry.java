package io.zapgate.wa.client;

import io.zapgate.wa.events.ClientOutdated;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code <failure reason="405">} (client outdated, spec §7.2): the first one refreshes the app version
 * ({@link AppVersionProvider#refresh()}, off the inbound queue because it blocks) and reconnects at once with
 * the version now in force, like the 515 restart; a second 405 before the next {@code <success>} (or user
 * connect) emits {@link ClientOutdated} and stops for good. Paired and unpaired devices alike.
 */
final class OutdatedRetry {
    private static final System.Logger LOG = System.getLogger(OutdatedRetry.class.getName());

    private final ClientCore core;
    private final AtomicBoolean retried = new AtomicBoolean();

    OutdatedRetry(ClientCore core) {
        this.core = core;
    }

    /** Called on the inbound queue for a 405 on {@code link}. */
    void onRefused(Link link) {
        AppVersionProvider versions = core.options.versions();
        WaVersion refused = versions.current();
        long generation = core.lifecycle.generation();
        link.close(true);
        if (!retried.compareAndSet(false, true)) {
            LOG.log(Level.ERROR, "client version {0} refused again (405) after a retry; client outdated", refused);
            core.emit(new ClientOutdated());
            return;
        }
        core.executor().execute(() -> {
            WaVersion fetched = versions.refresh();
            LOG.log(Level.WARNING, "client version {0} refused (405); fetched {1}; retrying once", refused, fetched);
            core.lifecycle.reopenNow(generation);
        });
    }

    /** Login succeeded, or the user connects again: the next 405 gets its own retry. */
    void reset() {
        retried.set(false);
    }
}
