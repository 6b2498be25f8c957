package io.zapgate.core.command;

/** What the session host is asked to do with an instance's socket. */
public enum CommandType {
    CONNECT,
    RECONNECT,
    LOGOUT,
    DELETE,
    APPLY_SETTINGS,
    APPLY_PRESENCE
}
