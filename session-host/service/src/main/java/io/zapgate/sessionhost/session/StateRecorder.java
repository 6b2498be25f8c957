package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.Profile;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.OfflineSync;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records one instance's connection: writes it to the instance row (conditional on the instance id) and
 * publishes an {@code instance.state} event for every state change and every new QR code (under the session's
 * fencing token, which travels with the event: {@code zapgateFence} on SQS). Event sequences
 * grow per instance, also across hosts: {@code max(previous + 1, epoch millis × 1000)}.
 */
final class StateRecorder {
    private static final Log LOG = Log.get(StateRecorder.class);
    private final Instance instance;
    private final SessionPorts ports;
    /** The fencing token of the session's lease now: every state write is fenced by it. */
    private final java.util.function.LongSupplier fence;

    /** How long a record waits for the event of an earlier {@link #recordHoldingEvent} to be published. */
    static final Duration HELD_EVENT_WAIT = Duration.ofSeconds(30);

    private Connection current;
    private long sequence;
    /** Completes when the event handed out last by {@link #recordHoldingEvent} has been published. */
    private CompletableFuture<Void> held = CompletableFuture.completedFuture(null);

    /** Unfenced: for writes made without a session (a logout of an instance with no live socket). */
    StateRecorder(Instance instance, SessionPorts ports) {
        this(instance, ports, null);
    }

    StateRecorder(Instance instance, SessionPorts ports, java.util.function.LongSupplier fence) {
        this.instance = instance;
        this.ports = ports;
        this.fence = fence;
        this.current = instance.connection();
    }

    synchronized Connection current() {
        return current;
    }

    /**
     * Records {@code next} (a no-op when nothing changed).
     *
     * @return false when the instance no longer exists (deleted, or replaced by a new one of the same name), or
     *     a newer owner of the lease wrote the row (this host lost the instance without knowing it yet)
     */
    synchronized boolean record(Connection next, DisconnectReason reason) {
        HeldEvent held = recordHoldingEvent(next, reason);
        if (held == null) {
            return false;
        }
        held.publish();
        return true;
    }

    /**
     * Writes {@code next} like {@link #record} but hands its event back unpublished, so the caller can start what
     * must follow the write without waiting for the event queue (the socket of a {@code connecting} session).
     * Events keep their order: a later record waits for this one to be {@linkplain HeldEvent#publish published}
     * (at most {@link #HELD_EVENT_WAIT}) before publishing its own. The caller must publish it, in a finally.
     *
     * @return null when the write was refused (as {@link #record} returning false); a held event with nothing to
     *     publish when nothing changed
     */
    synchronized HeldEvent recordHoldingEvent(Connection next, DisconnectReason reason) {
        if (next.equals(current)) {
            return HeldEvent.NONE;
        }
        Connection previous = current;
        boolean written = fence == null
                ? ports.states().updateConnection(instance.key(), instance.id(), next)
                : ports.states().updateConnection(instance.key(), instance.id(), next, fence.getAsLong());
        if (!written) {
            LOG.info(
                    "instance is gone, or a newer lease owner wrote it; its session stops",
                    "instance",
                    instance.name());
            return null;
        }
        current = next;
        boolean stateChanged = previous.state() != next.state();
        boolean newQr = next.qrCode() != null && !Objects.equals(previous.qrCode(), next.qrCode());
        if (!stateChanged && !newQr) {
            return HeldEvent.NONE;
        }
        awaitHeldEvent();
        InstanceEvent event = event(previous, next, reason);
        CompletableFuture<Void> published = new CompletableFuture<>();
        held = published;
        return new HeldEvent(() -> {
            try {
                sendWithRetry(event);
                LOG.info(
                        "instance state",
                        "instance",
                        instance.name(),
                        "state",
                        next.state().wire(),
                        "previous",
                        previous.state().wire(),
                        "reason",
                        reason == null ? "" : reason.wire());
            } finally {
                published.complete(null);
            }
        });
    }

    /** An event written but not yet published (see {@link #recordHoldingEvent}); publishing twice is a no-op. */
    static final class HeldEvent {
        static final HeldEvent NONE = new HeldEvent(() -> {});
        private final java.util.concurrent.atomic.AtomicReference<Runnable> send;

        private HeldEvent(Runnable send) {
            this.send = new java.util.concurrent.atomic.AtomicReference<>(send);
        }

        /** Publishes the event on the calling thread (with the recorder's retries). */
        void publish() {
            Runnable r = send.getAndSet(null);
            if (r != null) {
                r.run();
            }
        }
    }

    /** Waits for the event handed out last to be published, so events leave in the order they were recorded. */
    private void awaitHeldEvent() {
        try {
            held.get(HELD_EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn(
                    "an earlier state event is still unpublished; publishing the next one anyway",
                    "instance",
                    instance.name());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // cannot happen: the future is only ever completed normally
        }
    }

    /** Stores the linked account's profile (push name, platform, business name). */
    boolean profile(Profile profile) {
        return ports.states().updateProfile(instance.key(), instance.id(), profile);
    }

    /**
     * Records the end of WhatsApp's offline delivery after a login (best effort: the session goes on if the row
     * cannot be written).
     */
    void offlineSync(int count) {
        try {
            ports.states()
                    .recordOfflineSync(
                            instance.key(),
                            instance.id(),
                            new OfflineSync(Math.max(0, count), ports.clock().instant()));
            LOG.info("offline sync done", "instance", instance.name(), "count", count);
        } catch (RuntimeException e) {
            LOG.warn("offline sync not recorded", e, "instance", instance.name());
        }
    }

    private InstanceEvent event(Connection previous, Connection next, DisconnectReason reason) {
        long now = ports.clock().millis() * 1000;
        sequence = Math.max(sequence + 1, now);
        return new InstanceEvent(
                UUID.randomUUID().toString(),
                instance.accountId(),
                instance.name(),
                instance.id(),
                next.state(),
                previous.state(),
                reason,
                next.qrCode(),
                next.numberJid(),
                sequence,
                ports.clock().instant());
    }

    /**
     * The state is already stored, so a failed publish must not end the session: a few quick retries (the
     * event id makes a duplicate harmless), then the loss is logged.
     */
    private void sendWithRetry(InstanceEvent event) {
        for (int attempt = 1; ; attempt++) {
            try {
                if (fence == null) {
                    ports.events().publish(event);
                } else {
                    ports.events().publish(event, fence.getAsLong());
                }
                return;
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    LOG.warn(
                            "state event not published; webhooks and the stream miss this change",
                            e,
                            "instance",
                            instance.name(),
                            "eventId",
                            event.eventId());
                    return;
                }
                try {
                    Thread.sleep(100L * attempt * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
