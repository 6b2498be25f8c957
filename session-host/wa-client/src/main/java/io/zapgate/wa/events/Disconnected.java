package io.zapgate.wa.events;

/**
 * Fires when the connection dropped without us asking for it (remote close, network error, keepalive given
 * up). Not fired after {@code disconnect()}/{@code logout()}, the 515 restart, or a {@link PermanentDisconnect}.
 *
 * @param willReconnect whether the client schedules a reconnect (paired device, auto-reconnect enabled)
 */
public record Disconnected(boolean willReconnect) implements WaEvent {}
