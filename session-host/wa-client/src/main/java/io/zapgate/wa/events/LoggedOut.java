package io.zapgate.wa.events;

/**
 * Fires when the server says this companion is no longer linked: {@code <failure reason=401|403|406>} at
 * connect ({@code onConnect = true}) or {@code <stream:error code=401><conflict type=device_removed/>} during
 * a session ({@code onConnect = false}), e.g. after "log out" on the phone. The saved session was deleted; a
 * new {@code connect()} starts a fresh QR pairing. Not fired for our own {@code logout()}.
 *
 * @param reason the failure reason / stream error code (401 logged out, 403 main device gone/locked, 406 banned)
 * @param onConnect whether it came as the answer to a login rather than during a session
 */
public record LoggedOut(int reason, boolean onConnect) implements WaEvent, PermanentDisconnect {}
