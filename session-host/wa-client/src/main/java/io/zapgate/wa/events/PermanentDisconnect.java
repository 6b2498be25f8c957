package io.zapgate.wa.events;

/**
 * Marks events after which the client stays disconnected until the application acts (whatsmeow {@code
 * PermanentDisconnect}): {@link LoggedOut}, {@link TemporaryBan}, {@link StreamReplaced}, {@link
 * ClientOutdated}, {@link ConnectFailure}.
 */
public interface PermanentDisconnect {}
