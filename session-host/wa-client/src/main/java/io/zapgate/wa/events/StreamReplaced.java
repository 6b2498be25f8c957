package io.zapgate.wa.events;

/**
 * Fires on {@code <stream:error><conflict type=replaced/>}: another connection with the same keys took over.
 * The client does not reconnect (that would kick the other one).
 */
public record StreamReplaced() implements WaEvent, PermanentDisconnect {}
