package io.zapgate.wa.transport;

import static org.assertj.core.api.Assertions.fail;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test listener: queues frames, records the close; awaits with timeouts, never sleeps. */
final class RecordingListener implements FrameListener {

    static final long TIMEOUT_SECONDS = 10;

    final BlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    volatile int closeCalls;
    volatile boolean frameAfterClose;

    @Override
    public void onFrame(byte[] payload) {
        if (closed.isDone()) {
            frameAfterClose = true;
        }
        frames.add(payload);
    }

    @Override
    public void onClose(CloseReason reason) {
        closeCalls++;
        closed.complete(reason);
    }

    byte[] next() throws InterruptedException {
        byte[] frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (frame == null) {
            fail("no frame within " + TIMEOUT_SECONDS + " s");
        }
        return frame;
    }

    CloseReason awaitClose() throws Exception {
        return closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
