package io.zapgate.sessionhost.session;

import io.zapgate.core.instance.Connection;
import io.zapgate.core.instance.DisconnectReason;

/**
 * What one client event does to an instance's connection: the {@code next} connection to record, the
 * {@code reason} an {@code instance.state} event carries (null if none), and whether the session {@code ends}
 * (the client will not reconnect by itself).
 */
public record Transition(Connection next, DisconnectReason reason, boolean ends) {}
