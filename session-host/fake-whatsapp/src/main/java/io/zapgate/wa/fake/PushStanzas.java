package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * The stanzas contacts send to a companion ({@link PushKind}) and the offline-delivery framing around them
 * (whatsmeow {@code connectionevents.go} {@code handleIB}: {@code offline_preview}, {@code offline}). JID-valued
 * attributes are JID-typed, as the real server sends them. The {@code <enc>} payloads are random bytes: there is
 * no Signal session, a client can only ack (and, like whatsmeow, ask for a retry).
 */
final class PushStanzas {
    private PushStanzas() {}

    /** A stanza of {@code kind} with a fresh id. */
    static Node build(PushKind kind, long now, Random random) {
        String messageId = hex(random, 16);
        return switch (kind) {
            case MESSAGE ->
                Node.builder("message")
                        .attr("from", FakeContacts.CONTACT)
                        .attr("id", messageId)
                        .attr("t", now)
                        .attr("type", "text")
                        .attr("notify", FakeContacts.CONTACT_NAME)
                        .children(enc("pkmsg", random))
                        .build();
            case GROUP_MESSAGE ->
                Node.builder("message")
                        .attr("from", FakeContacts.GROUP)
                        .attr("participant", FakeContacts.MEMBER)
                        .attr("id", messageId)
                        .attr("t", now)
                        .attr("type", "text")
                        .children(enc("skmsg", random))
                        .build();
            case RECEIPT -> receipt(FakeContacts.CONTACT, null, messageId, null, now);
            case READ_RECEIPT -> receipt(FakeContacts.CONTACT, null, messageId, "read", now);
            case GROUP_RECEIPT -> receipt(FakeContacts.GROUP, FakeContacts.MEMBER, messageId, null, now);
            case GROUP_NOTIFICATION ->
                Node.builder("notification")
                        .attr("from", FakeContacts.GROUP)
                        .attr("participant", FakeContacts.ADMIN)
                        .attr("id", notificationId(random))
                        .attr("type", "w:gp2")
                        .attr("t", now)
                        .children(Node.builder("add")
                                .attr("reason", "invite")
                                .children(Node.builder("participant")
                                        .attr("jid", FakeContacts.ADDED)
                                        .build())
                                .build())
                        .build();
            case CALL -> Stanzas.callOffer(hex(random, 16), now, FakeContacts.CONTACT, hex(random, 16), false);
        };
    }

    /**
     * {@code <ib><offline_preview count message notification receipt appdata="0"/></ib>}: what the burst holds
     * (whatsmeow {@code OfflineSyncPreview}).
     */
    static Node offlinePreview(List<Node> stanzas) {
        return Node.builder("ib")
                .children(Node.builder("offline_preview")
                        .attr("count", stanzas.size())
                        .attr("message", count(stanzas, "message"))
                        .attr("notification", count(stanzas, "notification"))
                        .attr("receipt", count(stanzas, "receipt"))
                        .attr("appdata", 0)
                        .build())
                .build();
    }

    /** {@code <ib><offline count=N/></ib>}: the offline queue is delivered (whatsmeow {@code OfflineSyncCompleted}). */
    static Node offlineDone(int count) {
        return Node.builder("ib")
                .children(Node.builder("offline").attr("count", count).build())
                .build();
    }

    /** {@code <stream:error><ack id=ID/></stream:error>}: a pushed stanza was not acknowledged in time. */
    static Node ackStreamError(String unackedId) {
        return Node.builder("stream:error")
                .children(Node.builder("ack").attr("id", unackedId).build())
                .build();
    }

    private static Node receipt(Jid from, Jid participant, String id, String type, long now) {
        return Node.builder("receipt")
                .attr("from", from)
                .attr("participant", participant)
                .attr("id", id)
                .attr("type", type)
                .attr("t", now)
                .build();
    }

    private static Node enc(String type, Random random) {
        byte[] ciphertext = new byte[48 + random.nextInt(64)];
        random.nextBytes(ciphertext);
        return Node.builder("enc")
                .attr("v", "2")
                .attr("type", type)
                .content(ciphertext)
                .build();
    }

    private static long count(List<Node> stanzas, String tag) {
        return stanzas.stream().filter(n -> n.tag().equals(tag)).count();
    }

    /** Upper-case hex of {@code bytes} random bytes (message and call ids look like this). */
    static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    /** Notification ids are decimal. */
    private static String notificationId(Random random) {
        return Long.toString(1_000_000_000L + Math.floorMod(random.nextLong(), 8_999_999_999L));
    }
}
