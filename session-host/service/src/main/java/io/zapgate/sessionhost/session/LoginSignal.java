package io.zapgate.sessionhost.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Lets a command wait until a session's socket is logged in (e.g. a logout of a session still logging in). */
final class LoginSignal {
    private CompletableFuture<Void> next = new CompletableFuture<>();

    /** The socket logged in: wakes every waiter. */
    synchronized void loggedIn() {
        next.complete(null);
    }

    /** The socket dropped and is reconnecting: later waiters wait for the next login. */
    synchronized void dropped() {
        if (next.isDone() && !next.isCompletedExceptionally()) {
            next = new CompletableFuture<>();
        }
    }

    /** The session ended: no login will come. */
    synchronized void ended(String why) {
        if (!next.completeExceptionally(new IllegalStateException("session ended: " + why))) {
            next = CompletableFuture.failedFuture(new IllegalStateException("session ended: " + why));
        }
    }

    /** @return whether a login happened within {@code timeout} (false if the session ended first) */
    boolean await(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> f;
        synchronized (this) {
            f = next;
        }
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
