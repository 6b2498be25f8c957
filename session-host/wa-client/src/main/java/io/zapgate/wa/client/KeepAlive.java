package io.zapgate.wa.client;

import io.zapgate.wa.events.KeepAliveRestored;
import io.zapgate.wa.events.KeepAliveTimeout;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keepalive of one link (whatsmeow {@code keepalive.go}; spec §7.4): every random 20–30 s an {@code <iq
 * xmlns="w:p" type="get"/>} with a 10 s deadline. A miss emits {@link KeepAliveTimeout}; the first success
 * after misses emits {@link KeepAliveRestored}; 3 minutes without success drop the link so that the
 * auto-reconnect opens a new one. Holds no thread: each ping is a timer task.
 */
final class KeepAlive {
    private static final System.Logger LOG = System.getLogger(KeepAlive.class.getName());

    private final ClientCore core;
    private final Link link;
    private final KeepAliveSettings settings;
    private volatile boolean stopped;
    private volatile TaskScheduler.Cancellable next;
    private int errorCount;
    private Instant lastSuccess;

    KeepAlive(ClientCore core, Link link) {
        this.core = core;
        this.link = link;
        this.settings = core.options.keepAlive();
    }

    void start() {
        lastSuccess = core.clock().instant();
        scheduleNext();
    }

    void stop() {
        stopped = true;
        TaskScheduler.Cancellable pending = next;
        if (pending != null) {
            pending.cancel();
        }
    }

    private void scheduleNext() {
        if (stopped) {
            return;
        }
        long min = settings.minInterval().toMillis();
        long spread = settings.maxInterval().toMillis() - min;
        long delay = min + (spread > 0 ? ThreadLocalRandom.current().nextLong(spread) : 0);
        next = core.scheduler().schedule(Duration.ofMillis(delay), this::ping);
    }

    private void ping() {
        if (stopped || !link.isOpen()) {
            return;
        }
        core.iq
                .query(link, "w:p", "get", List.of(), settings.responseDeadline())
                .whenComplete((answer, error) -> core.inbound.execute(() -> onAnswer(error)));
    }

    private void onAnswer(Throwable error) {
        if (stopped) {
            return;
        }
        Instant now = core.clock().instant();
        if (error == null) {
            if (errorCount > 0) {
                LOG.log(Level.INFO, "keepalive restored after {0} failures", errorCount);
                core.emit(new KeepAliveRestored());
            }
            errorCount = 0;
            lastSuccess = now;
        } else if (error instanceof IqException iqe && iqe.isDisconnected()) {
            return;
        } else {
            errorCount++;
            LOG.log(Level.INFO, "keepalive failed ({0} in a row)", errorCount);
            core.emit(new KeepAliveTimeout(errorCount, lastSuccess));
            if (core.options.reconnect().enabled()
                    && Duration.between(lastSuccess, now).compareTo(settings.maxFailTime()) > 0) {
                LOG.log(Level.WARNING, "no keepalive answer since {0}; dropping the connection", lastSuccess);
                link.close(false);
                return;
            }
        }
        scheduleNext();
    }
}
