package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.proto.ClientPayload;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An unpaired companion connection (registration payload). Sends {@code pair-device} with 6 refs, answers its
 * IQs, and runs the phone's side of linking: QR (spec §4.3) or pairing code (§5.2, via {@link LinkCodePairing}),
 * then pair-success → verified {@code pair-device-sign} → device registered → {@code <stream:error code="515"/>}.
 * All methods except {@link #scan} and {@link #enterCode} run on the connection's executor.
 */
final class PairingSession implements StanzaHandler {
    static final int REF_COUNT = 6;

    /** The in-flight pair-success. */
    private record Pending(
            String iqId, AdvSigner.Issued issued, LinkedDevice device, CompletableFuture<LinkedDevice> result) {}

    private final ServerContext ctx;
    private final FakeConnection connection;
    private final byte[] noiseKey;
    private final byte[] registeredIdentity;
    private Pending pending;
    private LinkCodePairing linkCode;
    private CompletableFuture<LinkedDevice> linkCodeResult;

    PairingSession(ServerContext ctx, FakeConnection connection, byte[] noiseKey, ClientPayload payload) {
        this.ctx = ctx;
        this.connection = connection;
        this.noiseKey = noiseKey.clone();
        this.registeredIdentity = payload.getDevicePairingData().getEIdent().toByteArray();
    }

    FakeConnection connection() {
        return connection;
    }

    /** Spec §4.1 step 2: refs like the wire log's {@code 2@fakeref1}, unique per server. */
    void start() {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < REF_COUNT; i++) {
            byte[] random = new byte[9];
            ctx.random.nextBytes(random);
            refs.add("2@fakeref" + ctx.nextId() + "-"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
        }
        ctx.addRefs(refs, this);
        connection.send(Stanzas.pairDevice("pd" + ctx.nextId(), refs));
    }

    /** The phone scanned this connection's QR; completes once pair-device-sign verified and 515 was sent. */
    CompletableFuture<LinkedDevice> scan(QrData qr) {
        CompletableFuture<LinkedDevice> result = new CompletableFuture<>();
        connection
                .submit(() -> {
                    try {
                        pairSuccess(qr.noisePublicKey(), qr.identityPublicKey(), qr.advSecret(), result);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                })
                .exceptionally(e -> fail(result, e));
        return result;
    }

    /** The user typed the code on the phone: sends primary_hello; completes like {@link #scan}. */
    CompletableFuture<LinkedDevice> enterCode(String code) {
        CompletableFuture<LinkedDevice> result = new CompletableFuture<>();
        connection
                .submit(() -> {
                    try {
                        Node notification = linkCode.primaryHello(code);
                        linkCodeResult = result;
                        connection.send(notification);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                })
                .exceptionally(e -> fail(result, e));
        return result;
    }

    @Override
    public void onNode(Node node) {
        String id = node.attr("id").orElse("");
        String type = node.attr("type").orElse("");
        if (!node.tag().equals("iq")) {
            return;
        }
        if (pending != null && id.equals(pending.iqId()) && (type.equals("result") || type.equals("error"))) {
            onPairReply(node, type);
        } else if (type.equals("set") && node.child(Stanzas.LINK_CODE_REG).isPresent()) {
            onLinkCode(id, node.child(Stanzas.LINK_CODE_REG).orElseThrow());
        } else if (type.equals("get") || type.equals("set")) {
            connection.send(Stanzas.result(id));
        }
    }

    @Override
    public void onClosed() {
        FakePairingException closed = new FakePairingException("companion connection closed before pairing ended");
        if (pending != null) {
            pending.result().completeExceptionally(closed);
        }
        if (linkCodeResult != null) {
            linkCodeResult.completeExceptionally(closed);
        }
    }

    private void onLinkCode(String id, Node reg) {
        String stage = reg.attr("stage").orElse("");
        if (stage.equals("companion_hello")) {
            Jid target = reg.jidAttr("jid").orElse(Jid.SERVER_JID);
            linkCode = target.user().equals(ctx.options.phoneNumber())
                    ? LinkCodePairing.fromHello(ctx, reg).orElse(null)
                    : null;
            if (linkCode == null) {
                connection.send(Stanzas.error(id, 400, "bad-request"));
                return;
            }
            ctx.linkCodeRequested(this);
            connection.send(Stanzas.linkCodeRef(id, linkCode.ref()));
        } else if (stage.equals("companion_finish") && linkCode != null && linkCodeResult != null) {
            try {
                LinkCodePairing.Finished done = linkCode.finish(reg);
                connection.send(Stanzas.result(id));
                pairSuccess(done.noiseKey(), done.companionIdentity(), done.advSecret(), linkCodeResult);
            } catch (FakePairingException e) {
                connection.send(Stanzas.error(id, 400, "bad-request"));
                linkCodeResult.completeExceptionally(e);
            }
        } else {
            connection.send(Stanzas.error(id, 400, "bad-request"));
        }
    }

    /** Spec §4.3 steps 4–8 (also the last step of the pairing-code flow). */
    private void pairSuccess(
            byte[] qrNoise, byte[] identity, byte[] advSecret, CompletableFuture<LinkedDevice> result) {
        if (!MessageDigest.isEqual(qrNoise, noiseKey)) {
            result.completeExceptionally(new FakePairingException(
                    "the companion's noise key differs from the static key of its Noise handshake"));
            return;
        }
        if (registeredIdentity.length > 0 && !MessageDigest.isEqual(identity, registeredIdentity)) {
            result.completeExceptionally(new FakePairingException(
                    "the companion's identity key differs from eIdent of its registration payload"));
            return;
        }
        if (pending != null) {
            result.completeExceptionally(new FakePairingException("this companion is already being paired"));
            return;
        }
        int[] reserved = ctx.registry.reserveDevice();
        LinkedDevice device = new LinkedDevice(
                ctx.deviceJid(reserved[0]),
                ctx.lidJid(reserved[0]),
                reserved[0],
                noiseKey,
                identity,
                reserved[1],
                ctx.options.clock().instant());
        long now = ctx.nowSeconds();
        AdvSigner.Issued issued = ctx.signer.issue(reserved[1], now, identity, advSecret);
        pending = new Pending("ps" + ctx.nextId(), issued, device, result);
        connection.send(Stanzas.pairSuccess(
                pending.iqId(), now, issued.container(), ctx.options.platform(), device.jid(), device.lid()));
    }

    /** Spec §4.3 step 9: verify pair-device-sign, register, 515. */
    private void onPairReply(Node iq, String type) {
        Pending current = pending;
        pending = null;
        try {
            if (type.equals("error")) {
                String why = iq.child("error").map(Node::toString).orElse("no error child");
                throw new FakePairingException("the companion rejected pair-success: " + why);
            }
            Node identity = iq.child("pair-device-sign")
                    .flatMap(s -> s.child("device-identity"))
                    .orElseThrow(() -> new FakePairingException("pair-success result without pair-device-sign"));
            String keyIndex = identity.attr("key-index").orElse("");
            if (!keyIndex.equals(Integer.toString(current.device().keyIndex()))) {
                throw new FakePairingException("pair-device-sign key-index '" + keyIndex + "', expected "
                        + current.device().keyIndex());
            }
            ctx.signer.verifyReply(
                    current.issued(),
                    identity.contentBytes().orElse(new byte[0]),
                    current.device().identityPublicKey());
        } catch (FakePairingException e) {
            current.result().completeExceptionally(e);
            connection.sendErrorAndClose(Stanzas.failure(400));
            return;
        }
        ctx.registry.register(current.device());
        ctx.recordings.paired(current.device());
        connection.sendErrorAndClose(Stanzas.streamError(515));
        current.result().complete(current.device());
    }

    private static Void fail(CompletableFuture<LinkedDevice> result, Throwable e) {
        result.completeExceptionally(e);
        return null;
    }
}
