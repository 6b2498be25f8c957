package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stanzas the fake server sends, shaped like the wire log ({@code baileys-wire-log.txt}) and spec §4, §5, §7.
 * JID-valued attributes are JID-typed (whatsmeow ignores {@code pair-device}/{@code pair-success} otherwise,
 * spec §3.5).
 */
final class Stanzas {
    /** Stage names and tags that are not tokens (spec §3.6: sent as raw strings). */
    static final String LINK_CODE_REG = "link_code_companion_reg";

    static final String PAIRING_REF = "link_code_pairing_ref";

    private Stanzas() {}

    /** {@code <iq from="@s.whatsapp.net" type="result" id=…/>}, optionally with children. */
    static Node result(String id, Node... children) {
        var b = Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "result")
                .attr("id", id);
        return (children.length == 0 ? b : b.children(children)).build();
    }

    /** {@code <iq type="error" id=…><error code=… text=…/></iq>} (whatsmeow {@code parseIQError} shape). */
    static Node error(String id, int code, String text) {
        return Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "error")
                .attr("id", id)
                .children(Node.builder("error")
                        .attr("code", code)
                        .attr("text", text)
                        .build())
                .build();
    }

    /** Spec §4.1 step 2: {@code <iq … xmlns="md"><pair-device><ref>…</ref>×n</pair-device></iq>}. */
    static Node pairDevice(String id, List<String> refs) {
        List<Node> refNodes = refs.stream()
                .map(r -> Node.builder("ref")
                        .content(r.getBytes(StandardCharsets.UTF_8))
                        .build())
                .toList();
        return Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "set")
                .attr("id", id)
                .attr("xmlns", "md")
                .children(Node.builder("pair-device").children(refNodes).build())
                .build();
    }

    /** Spec §4.1 step 6: pair-success with the HMAC container, platform and the device's JID and LID. */
    static Node pairSuccess(String id, long now, byte[] container, String platform, Jid jid, Jid lid) {
        Node pairSuccess = Node.builder("pair-success")
                .children(
                        Node.builder("device-identity").content(container).build(),
                        Node.builder("platform").attr("name", platform).build(),
                        Node.builder("device").attr("jid", jid).attr("lid", lid).build())
                .build();
        return Node.builder("iq")
                .attr("from", Jid.SERVER_JID)
                .attr("type", "set")
                .attr("id", id)
                .attr("t", now)
                .children(pairSuccess)
                .build();
    }

    /** Spec §5.1 step 5: the companion_hello result carrying the pairing ref. */
    static Node linkCodeRef(String id, String ref) {
        return result(
                id,
                Node.builder(LINK_CODE_REG)
                        .children(Node.builder(PAIRING_REF)
                                .content(ref.getBytes(StandardCharsets.UTF_8))
                                .build())
                        .build());
    }

    /** Spec §5.1 step 6: the primary_hello notification. */
    static Node primaryHello(String id, long now, String ref, byte[] primaryIdentityPub, byte[] wrappedEphemeral) {
        Node reg = Node.builder(LINK_CODE_REG)
                .attr("stage", "primary_hello")
                .children(
                        Node.builder(PAIRING_REF)
                                .content(ref.getBytes(StandardCharsets.UTF_8))
                                .build(),
                        Node.builder("primary_identity_pub")
                                .content(primaryIdentityPub)
                                .build(),
                        Node.builder("link_code_pairing_wrapped_primary_ephemeral_pub")
                                .content(wrappedEphemeral)
                                .build())
                .build();
        return Node.builder("notification")
                .attr("from", Jid.SERVER_JID)
                .attr("type", LINK_CODE_REG)
                .attr("id", id)
                .attr("t", now)
                .children(reg)
                .build();
    }

    /** Spec §7.1 step 2, attributes as in the wire log. */
    static Node success(long now, Jid lid) {
        return Node.builder("success")
                .attr("t", now)
                .attr("lid", lid)
                .attr("props", "1")
                .attr("creation", "1700000000")
                .attr("location", "test")
                .build();
    }

    /**
     * An incoming 1:1 call as the server relays it (whatsmeow {@code call.go} {@code handleCallEvent}, Baileys
     * {@code handleCall}): {@code <call from=CALLER id t platform version><offer call-id call-creator>} with audio
     * codecs, a {@code <video>} child for a video call, and network hints. No {@code <enc>} key (no Signal here).
     */
    static Node callOffer(String id, long now, Jid caller, String callId, boolean video) {
        List<Node> media = new ArrayList<>(List.of(
                Node.builder("audio").attr("enc", "opus").attr("rate", "16000").build(),
                Node.builder("audio").attr("enc", "opus").attr("rate", "8000").build()));
        if (video) {
            media.add(
                    Node.builder("video").attr("enc", "vp8").attr("dec", "vp8").build());
        }
        media.add(Node.builder("net").attr("medium", "3").build());
        media.add(Node.builder("encopt").attr("keygen", "2").build());
        Node offer = Node.builder("offer")
                .attr("call-id", callId)
                .attr("call-creator", caller)
                .children(media)
                .build();
        return Node.builder("call")
                .attr("from", caller)
                .attr("id", id)
                .attr("t", now)
                .attr("platform", "android")
                .attr("version", "2.24.1.0")
                .children(offer)
                .build();
    }

    /**
     * The server's acknowledgement of a {@code <call>} the client sent (Baileys {@code rejectCall} waits for a
     * stanza with the same id): {@code <ack id class="call" from=TO type=CHILD/>}.
     */
    static Node callAck(String id, Object to, String childTag) {
        return Node.builder("ack")
                .attr("id", id)
                .attr("class", "call")
                .attr("from", to)
                .attr("type", childTag)
                .build();
    }

    /** {@code <failure reason=… location="test"/>} (spec §7.2). */
    static Node failure(int reason) {
        return Node.builder("failure")
                .attr("reason", reason)
                .attr("location", "test")
                .build();
    }

    /** Spec §7.2 reason 402: temporary ban with a ban {@code code} and {@code expire} seconds. */
    static Node tempBanFailure(int banCode, long expireSeconds) {
        return Node.builder("failure")
                .attr("reason", 402)
                .attr("code", banCode)
                .attr("expire", expireSeconds)
                .attr("location", "test")
                .build();
    }

    /** Spec §7.2 reason 403 (account locked/banned for good), with the texts whatsmeow logs. */
    static Node permanentBanFailure() {
        return Node.builder("failure")
                .attr("reason", 403)
                .attr("location", "test")
                .attr("logout_message_header", "This account is not allowed to use WhatsApp")
                .attr("logout_message_subtext", "Banned by the fake phone")
                .build();
    }

    /** {@code <stream:error code=…/>}, e.g. 515 restart required (spec §7.3). */
    static Node streamError(int code) {
        return Node.builder("stream:error").attr("code", code).build();
    }

    /** Spec §7.3: {@code <stream:error code="401"><conflict type="device_removed"/></stream:error>}. */
    static Node deviceRemoved() {
        return Node.builder("stream:error")
                .attr("code", 401)
                .children(
                        Node.builder("conflict").attr("type", "device_removed").build())
                .build();
    }

    /** Spec §7.3: {@code <stream:error><conflict type="replaced"/></stream:error>}. */
    static Node replaced() {
        return Node.builder("stream:error")
                .children(Node.builder("conflict").attr("type", "replaced").build())
                .build();
    }
}
