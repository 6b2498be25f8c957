package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.CallOffer;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Voice and video calls: incoming {@code <call>} stanzas and rejecting an offer. Sources: whatsmeow
 * {@code call.go} ({@code handleCallEvent}, {@code RejectCall}) and {@code receipt.go} ({@code sendAck});
 * Baileys {@code src/Socket/messages-recv.ts} ({@code handleCall}, {@code rejectCall}) and
 * {@code src/Utils/stanza-ack.ts}.
 *
 * <p>Every {@code <call>} is acknowledged ({@link Acks}), whatever it carries, so the server does not redeliver
 * it. A call stanza has exactly one child naming what happened: {@code offer} becomes a {@link CallOffer} event;
 * {@code offer_notice}, {@code relaylatency}, {@code accept}, {@code preaccept}, {@code transport},
 * {@code terminate}, {@code reject} and anything else are acknowledged and logged only.
 */
final class Calls {
    private static final System.Logger LOG = System.getLogger(Calls.class.getName());
    /** Prefix of ids of stanzas we originate (whatsmeow {@code send.go} {@code GenerateMessageID}). */
    private static final String ID_PREFIX = "3EB0";

    private final ClientCore core;
    private final SecureRandom random = new SecureRandom();

    Calls(ClientCore core) {
        this.core = core;
    }

    /** Handles one inbound {@code <call>} (on the inbound queue): event if it is an offer, then the ack. */
    void onCall(Link link, Node call) {
        List<Node> children = call.children();
        Node child = children.size() == 1 ? children.get(0) : null;
        if (child != null && child.tag().equals("offer")) {
            offer(call, child)
                    .ifPresentOrElse(
                            core::emit, () -> LOG.log(Level.DEBUG, "call offer without call-id or sender; ignored"));
        } else {
            LOG.log(Level.DEBUG, "call stanza <{0}> acknowledged", child == null ? "?" : child.tag());
        }
        Acks.send(link, call);
    }

    /**
     * Sends {@code <call id from=OWN to=CALLER><reject call-id call-creator=CALLER count="0"/></call>} (whatsmeow
     * {@code RejectCall}, without the optional privacy {@code tctoken} child we do not keep). Both JIDs are sent
     * without device. Completes once written; the server's {@code <ack class="call">} is not awaited.
     */
    CompletableFuture<Void> reject(Jid callFrom, String callId) {
        Link link = core.link();
        Optional<Jid> own = core.device().jid();
        if (link == null || !core.isLoggedIn() || own.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not logged in"));
        }
        Jid caller = callFrom.toNonAd();
        Node reject = Node.builder("reject")
                .attr("call-id", callId)
                .attr("call-creator", caller)
                .attr("count", "0")
                .build();
        return link.send(Node.builder("call")
                .attr("id", newStanzaId())
                .attr("from", own.get().toNonAd())
                .attr("to", caller)
                .children(reject)
                .build());
    }

    /** The event for an {@code <offer>}; empty when the stanza lacks a sender or a call id. */
    static Optional<CallOffer> offer(Node call, Node offer) {
        Optional<Jid> from = call.jidAttr("from");
        Optional<String> callId = offer.attr("call-id").filter(id -> !id.isEmpty());
        if (from.isEmpty() || callId.isEmpty()) {
            return Optional.empty();
        }
        Jid creator = offer.jidAttr("call-creator").orElse(from.get());
        long t = call.attr("t").map(IqRequests::parseInt).orElse(0);
        return Optional.of(new CallOffer(
                from.get(),
                callId.get(),
                creator,
                Instant.ofEpochSecond(t),
                offer.child("video").isPresent()));
    }

    private String newStanzaId() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return ID_PREFIX + HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
