package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes stanzas to one logged-in connection and holds it to acking them, like the real server. When the client
 * sets itself active ({@code <iq xmlns="passive" type="set"><active/></iq>}) it gets the offline queue:
 * {@code <ib><offline_preview …/></ib>}, the stanzas, {@code <ib><offline count/></ib>} (the device's queue, or,
 * if that is empty, a fresh {@link FakeWhatsAppOptions#offlineBurst()}); later pushes go out at once. Each pushed
 * stanza must get the right {@code <ack>} ({@link AckCheck}) within {@link FakeWhatsAppOptions#ackDeadline()};
 * with {@link FakeWhatsAppOptions#strictAcks()} a miss sends {@code <stream:error><ack id=FIRST-UNACKED/>
 * </stream:error>} and closes. Whatever is un-acked when the connection ends is queued again for the device's next
 * login (same ids). Runs on the connection's executor, except {@link #isActive()}.
 */
final class ConnectionDelivery {
    private final ServerContext ctx;
    private final FakeConnection connection;
    private final int device;
    private final Map<String, Node> unacked = new LinkedHashMap<>();
    /** When each un-acked stanza was handed to the connection ({@link System#nanoTime()}). */
    private final Map<String, Long> sentAt = new HashMap<>();

    private volatile boolean active;

    ConnectionDelivery(ServerContext ctx, FakeConnection connection, int device) {
        this.ctx = ctx;
        this.connection = connection;
        this.device = device;
    }

    /** Whether the client has set itself active (so pushes go out at once). */
    boolean isActive() {
        return active;
    }

    /**
     * The client set itself active: marks this connection active, sends {@code answer} (the IQ result), then, the
     * first time, the offline queue.
     */
    void onActive(Node answer) {
        boolean first = !active;
        active = true;
        connection.send(answer);
        if (!first) {
            return;
        }
        List<Node> due = ctx.offline.take(device);
        if (due.isEmpty()) {
            due = new ArrayList<>();
            for (PushKind kind : ctx.options.offlineBurst()) {
                due.add(PushStanzas.build(kind, ctx.nowSeconds(), ctx.random));
            }
        }
        if (due.isEmpty()) {
            return;
        }
        ctx.recordings.delivery().offlineBurst();
        connection.send(PushStanzas.offlinePreview(due));
        due.forEach(this::deliver);
        connection.send(PushStanzas.offlineDone(due.size()));
    }

    /** A stanza for this device: sent now when active, else queued for the next burst. */
    void push(Node stanza) {
        if (active && !connection.isClosing()) {
            deliver(stanza);
        } else {
            ctx.offline.add(device, stanza);
        }
    }

    /** An {@code <ack>} from the client: judged against the stanza with that id. */
    void onAck(Node ack) {
        String id = ack.attr("id").orElse("");
        Node stanza = unacked.get(id);
        if (stanza == null) {
            ctx.recordings
                    .delivery()
                    .ack(new AckRecord(id, ack.attr("class").orElse(""), false, "no un-acked stanza with this id"), 0);
            return;
        }
        Optional<String> wrong = AckCheck.mismatch(stanza, ack);
        long latency = 0;
        if (wrong.isEmpty()) {
            unacked.remove(id);
            Long sent = sentAt.remove(id);
            latency = sent == null ? 0 : System.nanoTime() - sent;
        }
        ctx.recordings.delivery().ack(new AckRecord(id, stanza.tag(), wrong.isEmpty(), wrong.orElse("")), latency);
    }

    /** The connection ended: what it did not ack waits for the device's next login. */
    void onClosed() {
        if (!unacked.isEmpty()) {
            ctx.offline.requeue(device, List.copyOf(unacked.values()));
            unacked.clear();
        }
        sentAt.clear();
    }

    private void deliver(Node stanza) {
        String id = stanza.attr("id").orElseThrow();
        unacked.put(id, stanza);
        sentAt.put(id, System.nanoTime());
        ctx.recordings.delivery().pushed(stanza);
        connection.send(stanza);
        ctx.afterAckDeadline(() -> connection.submit(() -> deadlinePassed(id)));
    }

    private void deadlinePassed(String id) {
        if (connection.isClosing()) {
            return;
        }
        if (unacked.containsKey(id) && ctx.options.strictAcks()) {
            String first = unacked.keySet().iterator().next();
            ctx.recordings.delivery().ackStreamError(first);
            connection.sendErrorAndClose(PushStanzas.ackStreamError(first));
        }
        ctx.recordings.delivery().ackDeadlineChecked();
    }
}
