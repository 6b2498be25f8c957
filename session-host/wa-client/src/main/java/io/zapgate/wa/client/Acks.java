package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The {@code <ack>} the client owes the server for an inbound stanza (whatsmeow {@code receipt.go}
 * {@code sendAck}). Without it the real server answers {@code <stream:error><ack id=…/></stream:error>}, closes
 * the stream and redelivers the stanza after the reconnect, forever.
 *
 * <p>Shape: {@code <ack class=TAG id=ID to=FROM [participant=…] [recipient=…] [type=…]/>} where TAG is the
 * stanza's tag and every value is copied from the stanza with its type (a JID stays a JID, a string stays a
 * string). {@code participant} and {@code recipient} are copied when present; {@code type} when present and
 * the stanza is not a {@code message}. We never send an {@code error} attribute (whatsmeow's nack codes such as
 * 487 are for stanzas it failed to parse or decrypt; we do not decrypt and ack as its undecryptable path does).
 * Left out: whatsmeow's rewrite of bot recipients ({@code BotJIDMap}).
 *
 * <p>A stanza without {@code id} or {@code from} cannot be acknowledged: it is logged (tag only) and skipped.
 */
final class Acks {
    private static final System.Logger LOG = System.getLogger(Acks.class.getName());

    private Acks() {}

    /** @return the ack for {@code stanza}, or empty when it lacks a non-empty {@code id} or {@code from} */
    static Optional<Node> of(Node stanza) {
        Object id = stanza.attrs().get("id");
        Object from = stanza.attrs().get("from");
        if (isBlank(id) || isBlank(from)) {
            return Optional.empty();
        }
        var ack = Node.builder("ack")
                .attr("class", stanza.tag())
                .attr("id", id)
                .attr("to", from)
                .attr("participant", stanza.attrs().get("participant"))
                .attr("recipient", stanza.attrs().get("recipient"));
        if (!stanza.tag().equals("message")) {
            ack.attr("type", stanza.attrs().get("type"));
        }
        return Optional.of(ack.build());
    }

    /**
     * Sends the ack for {@code stanza} on {@code link}; a stanza that cannot be acknowledged is logged and
     * skipped. Never throws: a closed link only fails the returned send.
     *
     * @return whether an ack was sent
     */
    static boolean send(Link link, Node stanza) {
        Optional<Node> ack = of(stanza);
        if (ack.isEmpty()) {
            LOG.log(Level.WARNING, "<{0}> without id or from; cannot acknowledge it", stanza.tag());
            return false;
        }
        link.send(ack.get());
        return true;
    }

    private static boolean isBlank(Object value) {
        return value == null || value.toString().isEmpty();
    }
}
