package io.zapgate.wa.events;

/**
 * Fires when the last QR code expired without being scanned; the client then disconnects and does not
 * reconnect. Call {@code connect()} again to get fresh codes.
 */
public record QrTimeout() implements WaEvent {}
