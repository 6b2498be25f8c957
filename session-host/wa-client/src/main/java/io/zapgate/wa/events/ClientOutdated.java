package io.zapgate.wa.events;

/**
 * Fires on {@code <failure reason=405>}: the server refuses our client version; update the app version in
 * the client profile. No reconnect.
 */
public record ClientOutdated() implements WaEvent, PermanentDisconnect {}
