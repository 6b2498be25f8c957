package io.zapgate.wa.events;

import java.time.Instant;

/**
 * Fires on {@code <failure reason=402 code=… expire=…>}: the account is temporarily banned; the client does
 * not reconnect. Codes (whatsmeow): 101 sent to too many people, 102 blocked by users, 103 created too many
 * groups, 104 same message to too many, 106 broadcast list.
 *
 * @param code the ban code, 0 if absent
 * @param expiresAt when the ban ends (now + {@code expire} seconds on the client's clock)
 */
public record TemporaryBan(int code, Instant expiresAt) implements WaEvent, PermanentDisconnect {}
