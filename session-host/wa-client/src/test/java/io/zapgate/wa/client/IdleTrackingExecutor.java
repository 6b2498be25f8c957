package io.zapgate.wa.client;

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Runs tasks on virtual threads and lets a test wait until none is queued or running. */
final class IdleTrackingExecutor implements Executor {
    private int running;

    @Override
    public void execute(Runnable task) {
        synchronized (this) {
            running++;
        }
        Thread.ofVirtual().start(() -> {
            try {
                task.run();
            } finally {
                synchronized (this) {
                    running--;
                    notifyAll();
                }
            }
        });
    }

    /** Waits (10 s at most) until no task is running; tasks started by tasks count until they finish. */
    synchronized void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(running + " tasks still running");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }
}
