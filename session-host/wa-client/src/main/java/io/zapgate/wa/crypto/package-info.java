/**
 * Crypto primitives layer (bottom of the stack, below {@code io.zapgate.wa.noise}): X25519 key pairs and
 * agreement, XEdDSA ("curve25519 signatures"), HKDF-SHA256, AES-256-GCM, and the Signal key material
 * (pre-keys, signed pre-keys, registration ids) a WhatsApp companion needs.
 *
 * <p>Pure functions over byte arrays; no I/O, no logging. Nothing in this package prints private key material:
 * {@code toString()} of key-holding classes shows public parts only. Facts follow
 * {@code docs/protocol/whatsapp-multidevice.md} §1.4 and §1.7.
 */
package io.zapgate.wa.crypto;
