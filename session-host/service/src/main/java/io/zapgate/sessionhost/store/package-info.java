/**
 * Adapter layer of the session host: the saved WhatsApp sessions (device keys and identity, one-time
 * pre-keys) on DynamoDB, encrypted at rest with the core {@code SecretCipher}, behind the WhatsApp client's
 * store ports and the host's {@link io.zapgate.sessionhost.store.SavedSessions} port.
 */
package io.zapgate.sessionhost.store;
