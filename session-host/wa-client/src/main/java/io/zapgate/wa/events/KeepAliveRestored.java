package io.zapgate.wa.events;

/** Fires when a keepalive ping succeeded again after one or more {@link KeepAliveTimeout}s. */
public record KeepAliveRestored() implements WaEvent {}
