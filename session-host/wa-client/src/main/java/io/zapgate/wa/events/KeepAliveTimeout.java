package io.zapgate.wa.events;

import java.time.Instant;

/**
 * Fires each time a keepalive ping got no answer within its deadline (10 s by default). After 3 minutes
 * without any answer the client drops the connection and reconnects.
 *
 * @param errorCount consecutive failed pings so far (1 for the first)
 * @param lastSuccess when the last ping succeeded (or the connection was opened)
 */
public record KeepAliveTimeout(int errorCount, Instant lastSuccess) implements WaEvent {}
