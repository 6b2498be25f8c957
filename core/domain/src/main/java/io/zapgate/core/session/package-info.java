/**
 * Domain layer: what passes between the API and the session host — command results (QR, pairing code,
 * outcome), instance state events, connection state updates and session ownership — as ports.
 */
package io.zapgate.core.session;
