package io.zapgate.wa.events;

/**
 * Fires after a successful login: the server sent {@code <success>}, the pre-key count was checked (and keys
 * uploaded when low) and the connection was set active. Fires again after every reconnect.
 */
public record Connected() implements WaEvent {}
