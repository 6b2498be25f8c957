package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.PairError;
import io.zapgate.wa.events.PairSuccess;
import io.zapgate.wa.store.Device;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Handles {@code pair-success} (spec §4.1 steps 6–7, §4.2; whatsmeow {@code handlePair}) on a virtual thread:
 * verify, SAVE the paired device, then send {@code pair-device-sign}; if that send fails the saved session is
 * deleted again. A refused identity is answered with an IQ error, reported as {@link PairError} and the link
 * is closed. The server follows a success with stream error 515, which makes the client log in. Saving and
 * sending the reply happen under {@link ClientCore#pairingLock}, as does {@link Lifecycle#disconnect()}: a
 * pair-success handled after a disconnect is cancelled (nothing saved, no reply), so a pairing either completed
 * and was saved before the disconnect returned, or never completes.
 */
final class PairSuccessHandler {
    private static final System.Logger LOG = System.getLogger(PairSuccessHandler.class.getName());

    private final ClientCore core;

    PairSuccessHandler(ClientCore core) {
        this.core = core;
    }

    void onPairSuccess(Link link, Node iq) {
        core.qr.stop();
        core.executor().execute(() -> handle(link, iq));
    }

    private void handle(Link link, Node iq) {
        String id = iq.attr("id").orElse("");
        Node success = iq.children().get(0);
        Optional<Node> deviceNode = success.child("device");
        Optional<Jid> jid = deviceNode.flatMap(n -> n.jidAttr("jid"));
        Optional<Jid> lid = deviceNode.flatMap(n -> n.jidAttr("lid"));
        String platform = success.child("platform").flatMap(n -> n.attr("name")).orElse("");
        String business = success.child("biz").flatMap(n -> n.attr("name")).orElse("");
        byte[] identity =
                success.child("device-identity").flatMap(Node::contentBytes).orElse(new byte[0]);
        Device device = core.device();
        PairVerifier.Verified verified;
        try {
            if (jid.isEmpty()) {
                throw new PairVerifier.PairException(500, "internal-error", "malformed");
            }
            verified = PairVerifier.verify(identity, device.advSecretKey(), device.identityKey());
        } catch (PairVerifier.PairException e) {
            refuse(link, id, e.code, e.text, e.reason);
            return;
        }
        Node reply = Node.builder("iq")
                .attr("to", Jid.SERVER_JID)
                .attr("type", "result")
                .attr("id", id)
                .children(Node.builder("pair-device-sign")
                        .children(Node.builder("device-identity")
                                .attr("key-index", verified.keyIndex())
                                .content(verified.reply())
                                .build())
                        .build())
                .build();
        CompletableFuture<Void> sent;
        core.pairingLock.lock();
        try {
            if (core.lifecycle.isStopped() || !link.isOpen()) {
                // disconnected (e.g. a logout while the QR was shown): cancel, save nothing, confirm nothing
                LOG.log(Level.INFO, "pair-success after disconnect; pairing cancelled");
                core.emit(new PairError("disconnected"));
                return;
            }
            try {
                core.saveDevice(device.paired(jid.get(), lid.orElse(null), verified.account(), platform, business));
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "could not save the paired device", e);
                refuse(link, id, 500, "internal-error", "store-failed");
                return;
            }
            sent = link.send(reply); // queued before any close a disconnect waiting for the lock makes
        } finally {
            core.pairingLock.unlock();
        }
        try {
            sent.join();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not send pair-device-sign; deleting the session", e);
            core.wipeSession();
            core.emit(new PairError("send-failed"));
            link.close(true);
            return;
        }
        LOG.log(Level.INFO, "paired as a companion of a {0} primary", platform);
        core.emit(new PairSuccess(jid.get(), lid, platform, business));
    }

    private void refuse(Link link, String id, int code, String text, String reason) {
        LOG.log(Level.WARNING, "pair-success refused: {0}", reason);
        link.send(Node.builder("iq")
                .attr("to", Jid.SERVER_JID)
                .attr("type", "error")
                .attr("id", id)
                .children(Node.builder("error")
                        .attr("code", code)
                        .attr("text", text)
                        .build())
                .build());
        core.emit(new PairError(reason));
        link.close(true);
    }
}
