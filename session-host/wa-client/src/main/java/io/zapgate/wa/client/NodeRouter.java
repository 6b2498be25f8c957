package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.lang.System.Logger.Level;

/**
 * Dispatches each decoded inbound node by tag, on the inbound queue (whatsmeow {@code client.go}
 * {@code handleFrame}, {@code nodeHandlers}). IQ answers go to {@link IqRequests} first.
 *
 * <p>Which stanza gets which {@link Acks ack} ({@code <ack class=TAG id to=FROM [participant] [recipient]
 * [type]/>}, whatsmeow {@code receipt.go} {@code sendAck}):
 * <table>
 *   <caption>Inbound stanzas and their acks</caption>
 *   <tr><th>tag</th><th>ack</th><th>handling (whatsmeow source)</th></tr>
 *   <tr><td>{@code message}</td><td>yes, never with {@code type}</td><td>counted, not decrypted (no Signal):
 *       whatsmeow's undecryptable path, never a delivery receipt ({@code message.go}
 *       {@code handleEncryptedMessage}); {@link InboundStanzas}</td></tr>
 *   <tr><td>{@code appdata}</td><td>yes, with {@code type}</td><td>as {@code message}</td></tr>
 *   <tr><td>{@code status}</td><td>yes, with {@code type}</td><td>counted as a message
 *       ({@code message.go} {@code handleUnencryptedMessage})</td></tr>
 *   <tr><td>{@code receipt}</td><td>yes, with {@code type} (read, retry, …)</td><td>counted
 *       ({@code receipt.go} {@code handleReceipt}, {@code retry.go})</td></tr>
 *   <tr><td>{@code notification}</td><td>yes, always, with {@code type}</td><td>counted; {@code encrypt}
 *       tops up pre-keys, {@code link_code_companion_reg} continues pairing ({@code notification.go});
 *       {@link Notifications}</td></tr>
 *   <tr><td>{@code call}</td><td>yes, with {@code type}</td><td>offers become events ({@code call.go});
 *       {@link Calls}</td></tr>
 *   <tr><td>{@code iq}</td><td>no</td><td>{@code pair-device}, {@code pair-success}, server pings answered
 *       with a result ({@code pair.go}, {@code request.go})</td></tr>
 *   <tr><td>{@code ib}</td><td>no</td><td>{@link IbStanzas} ({@code connectionevents.go} {@code handleIB})</td></tr>
 *   <tr><td>{@code success}, {@code failure}, {@code stream:error}</td><td>no</td><td>{@link LoginFlow},
 *       {@link ConnectionEvents} / {@link DisconnectRules} ({@code connectionevents.go})</td></tr>
 *   <tr><td>{@code presence}, {@code chatstate}, {@code ack}</td><td>no</td><td>ignored (trace log;
 *       {@code presence.go}, {@code handleFrame})</td></tr>
 *   <tr><td>{@code xmlstreamend}</td><td>no</td><td>logged only ({@code handleFrame})</td></tr>
 *   <tr><td>anything else</td><td>no</td><td>debug log</td></tr>
 * </table>
 * A stanza that needs an ack but lacks {@code id} or {@code from} is logged (tag only) and skipped; the
 * connection stays up and later stanzas are handled as usual.
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
            case "message", "appdata", "status" -> core.inboundStanzas.onMessage(link, node);
            case "receipt" -> core.inboundStanzas.onReceipt(link, node);
            case "notification" -> core.notifications.onNotification(link, node);
            case "call" -> core.calls.onCall(link, node);
            case "iq" -> onIq(link, node);
            case "ib" -> IbStanzas.events(node).forEach(core::emit);
            case "success" -> core.login.onSuccess(link, node);
            case "failure" -> core.connectionEvents.onFailure(link, node);
            case "stream:error" -> core.connectionEvents.onStreamError(link, node);
            case "presence", "chatstate", "ack" -> LOG.log(Level.TRACE, "<{0}> ignored", node.tag());
            case "xmlstreamend" -> LOG.log(Level.INFO, "the server ended the stream");
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
                default ->
                    LOG.log(
                            Level.DEBUG,
                            "unhandled iq set <{0}>",
                            node.children().get(0).tag());
            }
        } else if (type.equals("get") && node.child("ping").isPresent()) {
            link.send(Node.builder("iq")
                    .attr("to", Jid.SERVER_JID)
                    .attr("id", node.attr("id").orElse(""))
                    .attr("type", "result")
                    .build());
        }
    }
}
