package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inbound stanzas the client only acknowledges and counts: {@code message}, {@code appdata} and {@code status}
 * (whatsmeow {@code message.go} {@code handleEncryptedMessage} / {@code handleUnencryptedMessage}) and
 * {@code receipt} (whatsmeow {@code receipt.go} {@code handleReceipt}). We hold no Signal sessions, so a message
 * is treated like whatsmeow's undecryptable path: a plain {@link Acks ack}, never a delivery receipt (the sender
 * keeps one grey tick for this device). Also keeps the notification count ({@link Notifications} reports it).
 * Nothing of the content is kept or logged.
 */
final class InboundStanzas {
    private static final System.Logger LOG = System.getLogger(InboundStanzas.class.getName());

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong receipts = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();

    /** A {@code message}, {@code appdata} or {@code status} stanza: count, then ack (no {@code type} on it). */
    void onMessage(Link link, Node stanza) {
        messages.incrementAndGet();
        LOG.log(Level.TRACE, "<{0}> received", stanza.tag());
        Acks.send(link, stanza);
    }

    /** A {@code receipt} (any type, including {@code read}, {@code retry}): count, then ack with its type. */
    void onReceipt(Link link, Node stanza) {
        receipts.incrementAndGet();
        Acks.send(link, stanza);
    }

    void countNotification() {
        notifications.incrementAndGet();
    }

    InboundStats stats() {
        return new InboundStats(messages.get(), receipts.get(), notifications.get());
    }
}
