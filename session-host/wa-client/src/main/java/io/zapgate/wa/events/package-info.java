/**
 * The typed events a {@code WaClient} emits: one record per event, all implementing the sealed {@link
 * io.zapgate.wa.events.WaEvent}. Modelled on whatsmeow {@code types/events/events.go} (spec §9).
 *
 * <p>Events are delivered in order on a virtual thread (never on the network event loop); a listener may
 * block, but blocks delivery of later events of the same client while it does. Failures of the connection
 * become events here instead of exceptions. Events implementing {@link
 * io.zapgate.wa.events.PermanentDisconnect} mean the client will not reconnect by itself.
 */
package io.zapgate.wa.events;
