/**
 * A local fake WhatsApp multi-device server and its scriptable fake phone, for tests, demos and benchmarks.
 *
 * <p>Entry points: {@link io.zapgate.wa.fake.FakeWhatsApp} (the server: Noise responder with its own TEST root
 * key, pairing, login, IQs), {@link io.zapgate.wa.fake.FakePhone} (the primary phone: scan a QR, enter a
 * pairing code, unlink, ban, force a 515 restart or a socket drop, call, push stanzas from contacts),
 * {@link io.zapgate.wa.fake.Recordings} (what clients sent, awaitable without sleeping; pushes and acks in
 * {@link io.zapgate.wa.fake.DeliveryRecordings}), {@link io.zapgate.wa.fake.ControlServer} (the same controls over
 * HTTP, plus the version pages) and {@link io.zapgate.wa.fake.FakeWhatsAppMain} (standalone process).
 *
 * <p>Where clients commonly get the real server wrong, the fake is as strict as the real one:
 * <ul>
 *   <li><b>Offline burst and acks.</b> After a login, once the client sends
 *       {@code <iq xmlns="passive" type="set"><active/></iq>}, the answer is followed by
 *       {@code <ib><offline_preview count message notification receipt appdata="0"/></ib>}, the device's queued
 *       stanzas (or, if none, {@link io.zapgate.wa.fake.PushKind#DEFAULT_BURST}: a direct message, a group message
 *       with {@code participant}, a delivery receipt, a read receipt, a group receipt with {@code participant}, a
 *       {@code w:gp2} group notification with {@code participant}), then {@code <ib><offline count/></ib>}.
 *       Every pushed stanza (burst, {@link io.zapgate.wa.fake.FakePhone#push}, calls) needs
 *       {@code <ack class=TAG id to=FROM [participant] [recipient] [type unless a message]/>} (whatsmeow
 *       {@code receipt.go} {@code sendAck}) within {@link io.zapgate.wa.fake.FakeWhatsAppOptions#ackDeadline()};
 *       a wrong ack counts as none. A miss gets {@code <stream:error><ack id=FIRST-UNACKED/></stream:error>} and
 *       a close ({@link io.zapgate.wa.fake.FakeWhatsAppOptions#strictAcks()}); whatever a connection leaves
 *       un-acked is redelivered, same ids, at the device's next login.</li>
 *   <li><b>Versions.</b> A ClientPayload whose {@code userAgent.appVersion} is below
 *       {@link io.zapgate.wa.fake.FakeWhatsAppOptions#minimumVersion()} gets
 *       {@code <failure reason="405" location="test"/>}; the current version is served as
 *       {@code client_revision} at {@code /web/} (whatsmeow form) and {@code /web/sw.js} (Baileys form), and both
 *       can change at run time ({@link io.zapgate.wa.fake.FakeWhatsApp#setVersions}).</li>
 * </ul>
 *
 * <p>Behaviour follows the project's protocol spec ({@code docs/protocol/whatsapp-multidevice.md}: §4.3 QR
 * recipe, §5.2 pairing-code recipe, §6 pre-key IQs, §7 login, failures and stream errors) and the wire log of a
 * real client talking to a fake server ({@code baileys-wire-log.txt}). Binds loopback only.
 */
package io.zapgate.wa.fake;
