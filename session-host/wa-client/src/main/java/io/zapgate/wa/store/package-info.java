/**
 * Persistence ports of the companion client: the linked device's keys and identity ({@link
 * io.zapgate.wa.store.Device}, {@link io.zapgate.wa.store.DeviceStore}) and its one-time pre-keys ({@link
 * io.zapgate.wa.store.PreKeyStore}), with in-memory implementations for tests and development.
 *
 * <p>Following whatsmeow {@code store/store.go}: a device is generated in memory, first saved when pairing
 * succeeds (before the {@code pair-device-sign} reply is sent), and deleted on logout or when the server
 * reports the companion as logged out. Implementations must be thread-safe; the client calls them from
 * virtual threads, never from the network event loop, so blocking I/O is fine.
 */
package io.zapgate.wa.store;
