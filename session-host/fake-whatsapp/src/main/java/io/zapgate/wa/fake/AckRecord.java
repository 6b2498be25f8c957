package io.zapgate.wa.fake;

/**
 * One {@code <ack>} a logged-in client sent, as judged by the fake (see {@link DeliveryRecordings#acks()}).
 *
 * @param id the acked id
 * @param stanzaTag the tag of the pushed stanza it named ({@code message}, {@code receipt}, {@code notification},
 *     {@code call}), or the ack's own {@code class} when no un-acked stanza had that id
 * @param ok whether it was the right ack (whatsmeow {@code sendAck} shape); a wrong one leaves the stanza un-acked
 * @param reason why it was wrong, e.g. {@code "missing participant"}; empty when ok
 */
public record AckRecord(String id, String stanzaTag, boolean ok, String reason) {}
