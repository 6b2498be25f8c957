package io.zapgate.sessionhost.session;

/** Port: makes the client of one session; called once per socket the supervisor decides to open. */
@FunctionalInterface
public interface SessionClientFactory {
    SessionClient create(ClientSpec spec);
}
