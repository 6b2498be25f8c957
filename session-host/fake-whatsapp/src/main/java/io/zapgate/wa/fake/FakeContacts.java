package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Jid;

/**
 * The other WhatsApp users the fake phone's account talks to: who sends the stanzas of {@link PushKind} (the
 * offline burst and {@link FakePhone#push}) and who calls. All plain JIDs, as the real server sends them.
 */
public final class FakeContacts {
    /** The contact of direct messages and receipts, and the caller: {@code 15559876543@s.whatsapp.net}. */
    public static final Jid CONTACT = Jid.of("15559876543", Jid.DEFAULT_USER_SERVER);
    /** The contact's push name ({@code notify}). */
    public static final String CONTACT_NAME = "Fake Contact";
    /** The group: {@code 120363012345678901@g.us}. */
    public static final Jid GROUP = Jid.of("120363012345678901", Jid.GROUP_SERVER);
    /** The group member who writes group messages and sends group receipts: {@code 15557654321@s.whatsapp.net}. */
    public static final Jid MEMBER = Jid.of("15557654321", Jid.DEFAULT_USER_SERVER);
    /** The group admin behind group notifications: {@code 15551112222@s.whatsapp.net}. */
    public static final Jid ADMIN = Jid.of("15551112222", Jid.DEFAULT_USER_SERVER);
    /** Who the admin adds to the group in the {@code w:gp2} notification: {@code 15553334444@s.whatsapp.net}. */
    public static final Jid ADDED = Jid.of("15553334444", Jid.DEFAULT_USER_SERVER);

    private FakeContacts() {}
}
