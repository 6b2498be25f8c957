/**
 * Transport layer: knows frames only, nothing of Noise or nodes.
 *
 * <p>A frame is {@code length (3 bytes, big-endian) || payload}, carried in binary WebSocket
 * messages to {@code wss://web.whatsapp.com/ws/chat}. The client prefixes the very first frame
 * with the 4 intro bytes {@code 57 41 06 03}. Receivers buffer across WebSocket messages: one
 * message may hold several frames and one frame may span several messages.
 *
 * <p>Entry points: {@link io.zapgate.wa.transport.FrameSocket} (client, optionally through a
 * per-connection {@link io.zapgate.wa.transport.ProxyConfig}) and the pure
 * {@link io.zapgate.wa.transport.FrameDecoder} / {@link io.zapgate.wa.transport.FrameFormat}.
 *
 * <p>Threading: I/O runs on Netty event loops. Every listener callback ({@link
 * io.zapgate.wa.transport.FrameListener}) is invoked on the connection's event loop and must not block: hand work off, e.g. to a
 * virtual thread or a queue. The server side ({@code FrameServer}) lives in the fake WhatsApp module.
 */
package io.zapgate.wa.transport;
