package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.lang.System.Logger.Level;
import java.util.OptionalInt;

/**
 * Inbound {@code <notification>} stanzas (whatsmeow {@code notification.go} {@code handleNotification}). Every
 * notification is counted and acknowledged, whatever its type, also without or with an unknown type (whatsmeow
 * defers the ack before it looks at the type). Handled types:
 * <ul>
 *   <li>{@code encrypt} from {@code @s.whatsapp.net} with {@code <count value=N/>}: the server's stock of our
 *       one-time pre-keys; below {@value PreKeyUpload#MIN_COUNT} the client uploads
 *       {@value PreKeyUpload#WANTED_COUNT} new ones on a virtual thread (whatsmeow {@code
 *       handleEncryptNotification}, {@code prekeys.go}). An {@code encrypt} notification with {@code <identity>}
 *       (a contact changed their keys) is only logged: we keep no Signal sessions to drop.</li>
 *   <li>{@code link_code_companion_reg}: the primary's answer while linking with a pairing code
 *       ({@link PairCodeFlow}).</li>
 * </ul>
 * Others ({@code server_sync}, {@code account_sync}, {@code devices}, {@code w:gp2}, {@code picture}, …) are
 * acknowledged and logged at debug.
 */
final class Notifications {
    private static final System.Logger LOG = System.getLogger(Notifications.class.getName());

    private final ClientCore core;

    Notifications(ClientCore core) {
        this.core = core;
    }

    /** Handles one notification on the inbound queue: ack first, then act on its type. */
    void onNotification(Link link, Node notification) {
        core.inboundStanzas.countNotification();
        Acks.send(link, notification);
        String type = notification.attr("type").orElse("");
        switch (type) {
            case "encrypt" -> onEncrypt(link, notification);
            case "link_code_companion_reg" -> core.pairCode.onNotification(link, notification);
            default -> LOG.log(Level.DEBUG, "notification of type {0} acknowledged", type);
        }
    }

    private void onEncrypt(Link link, Node notification) {
        if (!fromServer(notification)) {
            LOG.log(
                    Level.DEBUG,
                    "encrypt notification ({0}) acknowledged",
                    notification.child("identity").isPresent() ? "identity change" : "other");
            return;
        }
        OptionalInt count = preKeyCount(notification);
        if (count.isEmpty()) {
            LOG.log(Level.WARNING, "encrypt notification without a pre-key count");
            return;
        }
        LOG.log(Level.INFO, "server has {0} of our pre-keys left", count.getAsInt());
        if (count.getAsInt() < PreKeyUpload.MIN_COUNT) {
            core.executor().execute(() -> topUp(link));
        }
    }

    private void topUp(Link link) {
        try {
            PreKeyUpload.upload(core, link, PreKeyUpload.WANTED_COUNT);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pre-key top-up failed: " + e.getMessage());
        }
    }

    private static boolean fromServer(Node notification) {
        return notification.jidAttr("from").filter(Jid.SERVER_JID::equals).isPresent();
    }

    /** The {@code value} of the {@code <count>} child; empty if absent or not a number (whatsmeow warns). */
    static OptionalInt preKeyCount(Node notification) {
        String value = notification.child("count").flatMap(n -> n.attr("value")).orElse("");
        try {
            return OptionalInt.of(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
