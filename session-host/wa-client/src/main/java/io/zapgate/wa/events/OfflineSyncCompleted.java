package io.zapgate.wa.events;

/**
 * Fires when the server has delivered everything it queued while this companion was offline
 * ({@code <ib><offline count=N/></ib>}; whatsmeow {@code connectionevents.go} {@code handleIB}, {@code
 * types/events} {@code OfflineSyncCompleted}). Comes once per login, shortly after it (around {@link
 * Connected}); from here on the stanzas that arrive are live. A missing or unreadable count is 0.
 *
 * @param count how many queued stanzas were delivered
 */
public record OfflineSyncCompleted(int count) implements WaEvent {}
