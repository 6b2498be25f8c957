package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;

/**
 * Answers every {@code get}/{@code set} IQ of a logged-in client, so no client request hangs (spec §7.1, §7.5):
 * keepalive pings, pre-key count / upload / digest (§6.2), passive/active, {@code remove-companion-device}
 * (logout: recorded and the device unregistered, §7.6); anything else gets an empty {@code result}. A
 * {@code <call>} the client sends (e.g. a reject) is acknowledged; a {@code <reject>} is recorded. After
 * answering {@code <active/>} the offline queue goes out, and {@code <ack>}s go to the {@link ConnectionDelivery}.
 */
final class IqResponder implements StanzaHandler {
    private final ServerContext ctx;
    private final FakeConnection connection;
    private final LinkedDevice device;
    private final ConnectionDelivery delivery;

    IqResponder(ServerContext ctx, FakeConnection connection, LinkedDevice device, ConnectionDelivery delivery) {
        this.ctx = ctx;
        this.connection = connection;
        this.device = device;
        this.delivery = delivery;
    }

    @Override
    public void onNode(Node node) {
        switch (node.tag()) {
            case "call" -> onCall(node);
            case "ack" -> delivery.onAck(node);
            case "iq" -> onIq(node);
            default -> {}
        }
    }

    @Override
    public void onClosed() {
        delivery.onClosed();
    }

    private void onIq(Node node) {
        String type = node.attr("type").orElse("");
        String id = node.attr("id").orElse(null);
        if (id == null || !(type.equals("get") || type.equals("set"))) {
            return;
        }
        String xmlns = node.attr("xmlns").orElse("");
        Node reply = switch (xmlns) {
            case "encrypt" -> encrypt(node, id, type);
            case "md" -> md(node, id);
            default -> Stanzas.result(id);
        };
        // The real server delivers the offline queue once the client is active (whatsmeow SetPassive(false)).
        if (xmlns.equals("passive")
                && type.equals("set")
                && node.child("active").isPresent()) {
            delivery.onActive(reply);
        } else {
            connection.send(reply);
        }
    }

    private void onCall(Node call) {
        String id = call.attr("id").orElse(null);
        Node child = call.children().isEmpty() ? null : call.children().get(0);
        if (child != null && child.tag().equals("reject")) {
            child.attr("call-id").ifPresent(ctx.recordings::callRejected);
        }
        if (id != null) {
            connection.send(Stanzas.callAck(id, call.attrs().get("to"), child == null ? null : child.tag()));
        }
    }

    private Node encrypt(Node iq, String id, String type) {
        if (type.equals("get") && iq.child("count").isPresent()) {
            int count = ctx.registry.preKeyCount(device.device());
            return Stanzas.result(id, Node.builder("count").attr("value", count).build());
        }
        if (type.equals("get") && iq.child("digest").isPresent()) {
            return Stanzas.result(id, Node.of("digest"));
        }
        if (type.equals("set")) {
            int uploaded =
                    iq.child("list").map(list -> list.children("key").size()).orElse(0);
            ctx.registry.addPreKeys(device.device(), uploaded);
            ctx.recordings.preKeysUploaded(uploaded);
        }
        return Stanzas.result(id);
    }

    private Node md(Node iq, String id) {
        iq.child("remove-companion-device").ifPresent(remove -> {
            Jid jid = remove.jidAttr("jid").orElse(device.jid());
            ctx.recordings.logout(jid);
            ctx.registry.unregister(jid);
        });
        return Stanzas.result(id);
    }
}
