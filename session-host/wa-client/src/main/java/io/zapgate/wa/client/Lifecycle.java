package io.zapgate.wa.client;

import io.zapgate.wa.events.ConnectAttemptFailed;
import io.zapgate.wa.events.Disconnected;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Connect, disconnect, restart and auto-reconnect (whatsmeow {@code client.go}; spec §7.6). A dropped link of
 * a paired device is re-opened after a linear backoff; nothing reconnects after {@link #disconnect()}, an
 * expected close (permanent failures, logout, QR timeout) or for an unpaired device. The 515 restart re-opens
 * at once with the login payload.
 */
final class Lifecycle {
    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private final ClientCore core;
    private final LinkFactory links;
    private int reconnectAttempts;
    private boolean stopped = true;
    private long generation;
    private TaskScheduler.Cancellable pendingReconnect;
    private CompletableFuture<Void> opening;

    Lifecycle(ClientCore core, LinkFactory links) {
        this.core = core;
        this.links = links;
    }

    /** User connect: fails if already connected or connecting. */
    synchronized CompletableFuture<Void> connect() {
        Link current = core.link();
        if ((current != null && current.isOpen()) || (opening != null && !opening.isDone())) {
            return CompletableFuture.failedFuture(new IllegalStateException("already connected"));
        }
        stopped = false;
        cancelPendingReconnect();
        core.outdated.reset();
        return open(false);
    }

    /**
     * User disconnect: closes without logout and stops reconnecting. Waits for a pairing being saved and
     * confirmed to finish; one handled later is cancelled ({@link PairSuccessHandler}).
     */
    void disconnect() {
        core.pairingLock.lock();
        try {
            synchronized (this) {
                stopped = true;
                generation++;
                cancelPendingReconnect();
                Link current = core.link();
                if (current != null) {
                    current.close(true);
                }
            }
        } finally {
            core.pairingLock.unlock();
        }
    }

    /** @return whether the user disconnected (and did not connect again) */
    synchronized boolean isStopped() {
        return stopped;
    }

    /** Stream error 515: close this link quietly and log in again immediately. */
    void restart(Link link) {
        link.close(true);
        synchronized (this) {
            if (stopped) {
                return;
            }
            long gen = generation;
            core.executor().execute(() -> reopen(gen));
        }
    }

    /** @return a ticket for {@link #reopenNow}: changes when the user disconnects */
    synchronized long generation() {
        return generation;
    }

    /** Opens a new link at once (405 retry) unless stopped or disconnected since {@code gen} was read. */
    void reopenNow(long gen) {
        core.executor().execute(() -> reopen(gen));
    }

    /** A link closed; called on the inbound queue. */
    void onClosed(Link link, boolean expected) {
        if (!core.detach(link)) {
            return;
        }
        synchronized (this) {
            if (expected || stopped) {
                return;
            }
            boolean willReconnect = canReconnect();
            LOG.log(Level.INFO, "connection dropped; reconnect: {0}", willReconnect);
            core.emit(new Disconnected(willReconnect));
            if (willReconnect) {
                scheduleReconnect();
            }
        }
    }

    /** Login completed: the backoff starts over. */
    synchronized void onLoggedIn() {
        reconnectAttempts = 0;
    }

    private synchronized CompletableFuture<Void> open(boolean background) {
        long gen = generation;
        CompletableFuture<Void> result = links.open(core, core.device(), link -> onOpened(link, gen))
                .handle((link, error) -> {
                    if (error == null) {
                        return null;
                    }
                    throw new CompletionException(onOpenFailed(unwrap(error), background));
                });
        opening = result;
        return result;
    }

    private void onOpened(Link link, long gen) {
        synchronized (this) {
            if (gen != generation || stopped) {
                link.close(true);
                return;
            }
        }
        KeepAlive ping = new KeepAlive(core, link);
        core.attach(link, ping);
        ping.start();
    }

    private Throwable onOpenFailed(Throwable error, boolean background) {
        ConnectAttemptFailed.Cause cause =
                error instanceof WaConnectException wce ? wce.failure() : ConnectAttemptFailed.Cause.TRANSPORT;
        boolean retry;
        synchronized (this) {
            retry = background && !stopped && cause != ConnectAttemptFailed.Cause.CERTIFICATE && canReconnect();
            if (retry) {
                scheduleReconnect();
            }
        }
        LOG.log(Level.INFO, "connect attempt failed ({0}); retry: {1}", cause, retry);
        core.emit(new ConnectAttemptFailed(cause, String.valueOf(error.getMessage()), retry));
        return error;
    }

    private boolean canReconnect() {
        return core.options.reconnect().enabled() && core.device().isPaired();
    }

    private void scheduleReconnect() {
        reconnectAttempts++;
        long gen = generation;
        cancelPendingReconnect();
        pendingReconnect = core.scheduler()
                .schedule(
                        core.options.reconnect().delayFor(reconnectAttempts),
                        () -> core.executor().execute(() -> reopen(gen)));
    }

    private void reopen(long gen) {
        synchronized (this) {
            if (gen != generation || stopped) {
                return;
            }
        }
        open(true).exceptionally(error -> null);
    }

    private void cancelPendingReconnect() {
        if (pendingReconnect != null) {
            pendingReconnect.cancel();
            pendingReconnect = null;
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable current = error;
        while (current instanceof CompletionException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
