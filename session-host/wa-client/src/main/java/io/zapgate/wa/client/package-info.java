/**
 * The WhatsApp multi-device companion client: {@link io.zapgate.wa.client.WaClient} with its {@link
 * io.zapgate.wa.client.WaClientOptions}. Layered like whatsmeow: {@code SocketLink} (frame pump: transport →
 * Noise → binary nodes), {@code NodeRouter} (dispatch by tag; its javadoc lists which stanza gets which ack),
 * one class per feature ({@code QrPairing}, {@code PairSuccessHandler}, {@code PairCodeFlow}, {@code LoginFlow},
 * {@code PreKeyUpload}, {@code KeepAlive}, {@code Acks}, {@code InboundStanzas}, {@code Notifications},
 * {@code IbStanzas}, {@code Calls}, {@code DisconnectRules} with {@code ConnectionEvents}, {@code Lifecycle}) and
 * {@code IqRequests} for request/answer correlation.
 *
 * <p>Thread model: Netty event loops only move frames. Each client has one inbound queue ({@code
 * SerialExecutor} on virtual threads) that decrypts, decodes and routes nodes in order; anything that blocks
 * (store writes, waiting for IQ answers, PBKDF2) runs on its own virtual thread; timers use one JVM-wide
 * {@link io.zapgate.wa.client.TaskScheduler}. Nothing here logs secrets, QR codes or phone numbers above DEBUG.
 */
package io.zapgate.wa.client;
