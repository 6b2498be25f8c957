/**
 * Application layer of the session host: the {@link io.zapgate.sessionhost.session.SessionSupervisor} (which
 * sessions this host owns, under leases), one {@link io.zapgate.sessionhost.session.InstanceSession} per
 * instance (one WhatsApp socket), the {@link io.zapgate.sessionhost.session.CommandHandler} for the API's
 * commands, and the pure mapping from client events to instance states
 * ({@link io.zapgate.sessionhost.session.Transitions}). Talks to storage and queues only through core ports.
 */
package io.zapgate.sessionhost.session;
