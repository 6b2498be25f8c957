/**
 * Noise layer (above {@code io.zapgate.wa.crypto}, below the frame transport and binary nodes): WhatsApp's
 * {@code Noise_XX_25519_AESGCM_SHA256} handshake with its deviations (spec
 * {@code docs/protocol/whatsapp-multidevice.md} §1.4, §11.1), in the client role ({@link
 * io.zapgate.wa.noise.ClientHandshake}), the check of the server certificate chain ({@link
 * io.zapgate.wa.noise.CertificateVerifier}), and the post-handshake {@link io.zapgate.wa.noise.NoiseSession}. The
 * server role and the certificate issuer live in the fake WhatsApp module: this library ships no server.
 *
 * <p>Bytes in, bytes out: every method takes or returns one already-delimited frame payload (no 3-byte length
 * prefix, no intro bytes); framing and I/O belong to the transport. Failures are checked
 * {@link io.zapgate.wa.noise.NoiseException}s whose type and message name the failed step.
 */
package io.zapgate.wa.noise;
