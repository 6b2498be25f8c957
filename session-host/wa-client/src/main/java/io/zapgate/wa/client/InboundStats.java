package io.zapgate.wa.client;

/**
 * How many stanzas of each kind one {@link WaClient} has received since it was created, over all its
 * connections (returned by {@link WaClient#stats()}). Counts only: the client keeps no content. Each counted
 * stanza was acknowledged unless it lacked an {@code id} or {@code from}.
 *
 * @param messages {@code <message>}, {@code <appdata>} and {@code <status>} stanzas (not decrypted)
 * @param receipts {@code <receipt>} stanzas (delivery, read, retry, …)
 * @param notifications {@code <notification>} stanzas of any type
 */
public record InboundStats(long messages, long receipts, long notifications) {}
