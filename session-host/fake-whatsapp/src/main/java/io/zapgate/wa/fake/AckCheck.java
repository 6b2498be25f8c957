package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a client's {@code <ack>} against the stanza it acknowledges, field by field, as whatsmeow builds it
 * ({@code receipt.go} {@code sendAck}): {@code <ack class=TAG id=ID to=FROM [participant] [recipient] [type]/>}
 * where {@code participant} and {@code recipient} are copied when the stanza has them, and {@code type} is copied
 * only when the stanza has one and is not a {@code <message>}. JIDs compare by value (JID-typed or string). An
 * {@code error} attribute (a nack) is not judged.
 */
final class AckCheck {
    private AckCheck() {}

    /** Why {@code ack} is not the right acknowledgement of {@code stanza}; empty when it is. */
    static Optional<String> mismatch(Node stanza, Node ack) {
        if (!ack.attr("class").filter(stanza.tag()::equals).isPresent()) {
            return Optional.of("class is " + show(ack, "class") + ", want " + stanza.tag());
        }
        if (!Objects.equals(ack.attr("id"), stanza.attr("id"))) {
            return Optional.of("id is " + show(ack, "id"));
        }
        Optional<String> wrong = sameJid(stanza, "from", ack, "to");
        for (String key : new String[] {"participant", "recipient"}) {
            if (wrong.isEmpty()) {
                wrong = sameJid(stanza, key, ack, key);
            }
        }
        return wrong.isPresent() ? wrong : type(stanza, ack);
    }

    private static Optional<String> sameJid(Node stanza, String stanzaKey, Node ack, String ackKey) {
        boolean inStanza = stanza.attrs().containsKey(stanzaKey);
        boolean inAck = ack.attrs().containsKey(ackKey);
        if (inStanza && !inAck) {
            return Optional.of("missing " + ackKey);
        }
        if (!inStanza && inAck) {
            return Optional.of("unexpected " + ackKey);
        }
        if (inStanza && (ack.jidAttr(ackKey).isEmpty() || !ack.jidAttr(ackKey).equals(stanza.jidAttr(stanzaKey)))) {
            return Optional.of(ackKey + " is " + show(ack, ackKey) + ", want " + show(stanza, stanzaKey));
        }
        return Optional.empty();
    }

    private static Optional<String> type(Node stanza, Node ack) {
        Optional<String> want = stanza.tag().equals("message") ? Optional.empty() : stanza.attr("type");
        Optional<String> got = ack.attr("type");
        if (want.equals(got)) {
            return Optional.empty();
        }
        if (want.isEmpty()) {
            return Optional.of("unexpected type " + got.get() + " (whatsmeow sends none for a " + stanza.tag() + ")");
        }
        return Optional.of(got.isEmpty() ? "missing type" : "type is " + got.get() + ", want " + want.get());
    }

    private static String show(Node node, String key) {
        return node.attr(key).map(v -> "'" + v + "'").orElse("absent");
    }
}
