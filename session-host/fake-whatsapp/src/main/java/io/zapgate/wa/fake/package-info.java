/**
 * A local fake WhatsApp multi-device server and its scriptable fake phone, for tests, demos and benchmarks.
 *
 * <p>Entry points: {@link io.zapgate.wa.fake.FakeWhatsApp} (the server: Noise responder with its own TEST root
 * key, pairing, login, IQs), {@link io.zapgate.wa.fake.FakePhone} (the primary phone: scan a QR, enter a
 * pairing code, unlink, ban, force a 515 restart or a socket drop), {@link io.zapgate.wa.fake.Recordings} (what
 * clients sent, awaitable without sleeping), {@link io.zapgate.wa.fake.ControlServer} (the same controls over
 * HTTP) and {@link io.zapgate.wa.fake.FakeWhatsAppMain} (standalone process).
 *
 * <p>Behaviour follows the project's protocol spec ({@code shared/protocol/whatsapp-multidevice.md}: §4.3 QR
 * recipe, §5.2 pairing-code recipe, §6 pre-key IQs, §7 login, failures and stream errors) and the wire log of a
 * real client talking to a fake server ({@code baileys-wire-log.txt}). Binds loopback only.
 */
package io.zapgate.wa.fake;
