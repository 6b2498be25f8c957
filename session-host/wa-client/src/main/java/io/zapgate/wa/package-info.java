/** Our WhatsApp multi-device companion client. Layers, bottom-up: socket (framing, Noise), binary (nodes), proto, client. */
package io.zapgate.wa;
