package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the fake pushed to logged-in clients and how they acknowledged it: pushed stanzas (offline bursts,
 * redeliveries, phone pushes, calls), every {@code <ack>} judged ok or wrong with a reason, ack deadlines checked,
 * {@code <stream:error><ack id/>} sent, and how long each right ack took ({@link AckLatencies}). Part of {@link Recordings} ({@link Recordings#delivery()}): guarded
 * by the same lock, so {@link Recordings#awaitUntil} conditions may call these getters, e.g.
 * {@code r -> r.delivery().acksOk() == 6}. Getters return copies.
 */
public final class DeliveryRecordings {
    private final Object lock;
    private final List<Node> pushed = new ArrayList<>();
    private final Set<String> pushedIds = new HashSet<>();
    private final List<AckRecord> acks = new ArrayList<>();
    private final List<String> ackStreamErrors = new ArrayList<>();
    private final AckLatencies latencies = AckLatencies.empty();
    private int acksOk;
    private int offlineBurstCount;
    private int redeliveredCount;
    private int ackDeadlineChecks;

    DeliveryRecordings(Object lock) {
        this.lock = lock;
    }

    /** Stanzas pushed to clients that need an ack, in order (a redelivery appears again, same id). */
    public List<Node> pushed() {
        synchronized (lock) {
            return List.copyOf(pushed);
        }
    }

    /** {@code pushed().size()}. */
    public int pushedCount() {
        synchronized (lock) {
            return pushed.size();
        }
    }

    /** Offline bursts sent (one per login that set itself active while something was due). */
    public int offlineBurstCount() {
        synchronized (lock) {
            return offlineBurstCount;
        }
    }

    /** Pushes of an id that was pushed before (a connection ended without acking it). */
    public int redeliveredCount() {
        synchronized (lock) {
            return redeliveredCount;
        }
    }

    /** Every {@code <ack>} logged-in clients sent, in arrival order. */
    public List<AckRecord> acks() {
        synchronized (lock) {
            return List.copyOf(acks);
        }
    }

    /** How many acks were right. */
    public int acksOk() {
        synchronized (lock) {
            return acksOk;
        }
    }

    /** The wrong acks (each with its reason). */
    public List<AckRecord> acksWrong() {
        synchronized (lock) {
            return acks.stream().filter(a -> !a.ok()).toList();
        }
    }

    /** Ack deadlines that have passed (one per pushed stanza still on a live connection then). */
    public int ackDeadlineChecks() {
        synchronized (lock) {
            return ackDeadlineChecks;
        }
    }

    /** The un-acked ids named by {@code <stream:error><ack id/></stream:error>}, in order. */
    public List<String> ackStreamErrors() {
        synchronized (lock) {
            return List.copyOf(ackStreamErrors);
        }
    }

    void pushed(Node stanza) {
        synchronized (lock) {
            if (!pushedIds.add(stanza.attr("id").orElse(""))) {
                redeliveredCount++;
            }
            pushed.add(stanza);
            lock.notifyAll();
        }
    }

    void offlineBurst() {
        synchronized (lock) {
            offlineBurstCount++;
            lock.notifyAll();
        }
    }

    /** Stanza → right ack latencies so far (a copy). */
    public AckLatencies ackLatencies() {
        synchronized (lock) {
            return latencies.copy();
        }
    }

    /** An ack; {@code latencyNanos} is how long a right one took since its stanza went out (ignored if wrong). */
    void ack(AckRecord ack, long latencyNanos) {
        synchronized (lock) {
            acks.add(ack);
            if (ack.ok()) {
                acksOk++;
                latencies.record(latencyNanos);
            }
            lock.notifyAll();
        }
    }

    void ackDeadlineChecked() {
        synchronized (lock) {
            ackDeadlineChecks++;
            lock.notifyAll();
        }
    }

    void ackStreamError(String id) {
        synchronized (lock) {
            ackStreamErrors.add(id);
            lock.notifyAll();
        }
    }
}
