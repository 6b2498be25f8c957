package io.zapgate.wa.fake;

import java.util.List;
import java.util.Locale;

/**
 * What the fake phone's contacts can send to a linked companion (see {@link FakePhone#push(io.zapgate.wa.binary.Jid,
 * PushKind)} and the offline burst, {@link FakeWhatsAppOptions#offlineBurst()}). Each stanza needs an {@code <ack>}
 * (whatsmeow {@code receipt.go} {@code sendAck}); the senders are {@link FakeContacts}.
 */
public enum PushKind {
    /** {@code <message from=CONTACT type="text" notify><enc v="2" type="pkmsg"/></message>}. */
    MESSAGE("message", "message"),
    /** {@code <message from=GROUP participant=MEMBER type="text"><enc v="2" type="skmsg"/></message>}. */
    GROUP_MESSAGE("group-message", "message"),
    /** Delivery receipt, no {@code type}: {@code <receipt from=CONTACT id t/>}. */
    RECEIPT("receipt", "receipt"),
    /** {@code <receipt from=CONTACT id type="read" t/>}. */
    READ_RECEIPT("read-receipt", "receipt"),
    /** Group delivery receipt: {@code <receipt from=GROUP participant=MEMBER id t/>}. */
    GROUP_RECEIPT("group-receipt", "receipt"),
    /** {@code <notification from=GROUP participant=ADMIN type="w:gp2"><add><participant jid/></add></notification>}. */
    GROUP_NOTIFICATION("group-notification", "notification"),
    /** An audio call offer from {@link FakePhone#DEFAULT_CALLER} (as {@link FakePhone#callDevice}). */
    CALL("call", "call");

    /** The default offline burst of every login: one of each kind except calls, in this order. */
    public static final List<PushKind> DEFAULT_BURST =
            List.of(MESSAGE, GROUP_MESSAGE, RECEIPT, READ_RECEIPT, GROUP_RECEIPT, GROUP_NOTIFICATION);

    private final String wireName;
    private final String category;

    PushKind(String wireName, String category) {
        this.wireName = wireName;
        this.category = category;
    }

    /** The name used over HTTP ({@code POST /phone/push?kind=group-message}). */
    public String wireName() {
        return wireName;
    }

    /** The stanza tag, which is also the {@code offline_preview} counter it adds to (calls count in the total). */
    public String category() {
        return category;
    }

    /**
     * Parses a {@link #wireName()} or the constant name, case-insensitive.
     *
     * @throws IllegalArgumentException for an unknown kind
     */
    public static PushKind parse(String name) {
        String wanted =
                name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (PushKind kind : values()) {
            if (kind.wireName.equals(wanted)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown push kind '" + name + "' (known: message, group-message, "
                + "receipt, read-receipt, group-receipt, group-notification, call)");
    }
}
