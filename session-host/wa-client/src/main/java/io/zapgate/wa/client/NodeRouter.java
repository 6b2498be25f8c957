package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.QrScannedWithoutMultidevice;
import java.lang.System.Logger.Level;

/**
 * Dispatches each decoded inbound node by tag, on the inbound queue (whatsmeow {@code client.go}
 * {@code handlerQueue} / {@code nodeHandlers}): IQ answers to {@link IqRequests}; {@code iq} set
 * {@code pair-device}/{@code pair-success}; {@code success}, {@code failure}, {@code stream:error};
 * {@code notification} (acknowledged; the pairing-code one handled); {@code ib}; {@code call} (acknowledged, offers
 * become events, see {@link Calls}); server pings answered.
 */
final class NodeRouter {
    private static final System.Logger LOG = System.getLogger(NodeRouter.class.getName());

    private final ClientCore core;

    NodeRouter(ClientCore core) {
        this.core = core;
    }

    void dispatch(Link link, Node node) {
        LOG.log(Level.TRACE, "<- {0}", node);
        if (core.iq.complete(node)) {
            return;
        }
        switch (node.tag()) {
            case "iq" -> onIq(link, node);
            case "success" -> core.login.onSuccess(link, node);
            case "failure" -> core.connectionEvents.onFailure(link, node);
            case "stream:error" -> core.connectionEvents.onStreamError(link, node);
            case "notification" -> onNotification(link, node);
            case "ib" -> onIb(node);
            case "call" -> core.calls.onCall(link, node);
            default -> LOG.log(Level.DEBUG, "unhandled node <{0}>", node.tag());
        }
    }

    private void onIq(Link link, Node node) {
        String type = node.attr("type").orElse("");
        boolean fromServer = node.jidAttr("from").map(Jid.SERVER_JID::equals).orElse(false);
        if (type.equals("set") && fromServer && node.children().size() == 1) {
            switch (node.children().get(0).tag()) {
                case "pair-device" -> core.qr.onPairDevice(link, node);
                case "pair-success" -> core.pairSuccess.onPairSuccess(link, node);
                default -> LOG.log(Level.DEBUG, "unhandled iq set <{0}>", node.children().get(0).tag());
            }
        } else if (type.equals("get") && node.child("ping").isPresent()) {
            link.send(Node.builder("iq").attr("to", Jid.SERVER_JID).attr("id", node.attr("id").orElse(""))
                    .attr("type", "result").build());
        }
    }

    private void onNotification(Link link, Node node) {
        var ack = Node.builder("ack").attr("id", node.attr("id").orElse(""))
                .attr("to", node.jidAttr("from").orElse(Jid.SERVER_JID)).attr("class", "notification");
        node.attr("type").ifPresent(t -> ack.attr("type", t));
        link.send(ack.build());
        if (node.attr("type").filter("link_code_companion_reg"::equals).isPresent()) {
            core.pairCode.onNotification(link, node);
        }
    }

    private void onIb(Node node) {
        if (node.child("downgrade_webclient").isPresent()) {
            core.emit(new QrScannedWithoutMultidevice());
        }
    }
}
