package io.zapgate.wa.events;

/**
 * Fires when the server reports ({@code <ib><downgrade_webclient/>}) that the QR was scanned by a phone
 * without multi-device support; the code may be scanned again.
 */
public record QrScannedWithoutMultidevice() implements WaEvent {}
