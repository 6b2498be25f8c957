package io.zapgate.core.session;

/** Port (session host side): records a command's result where the waiting Lambda will see it. */
public interface CommandResultSink {
    void publish(CommandResult result);

    /**
     * Publishes {@code result} only if {@code lease}'s owner still holds the instance's lease with its fencing
     * token ({@code owner} and {@code fencing} unchanged on the lease row), checked and written atomically.
     * Adapters that cannot check the lease publish unconditionally (the default); the DynamoDB adapter and the
     * in-memory fake check it.
     *
     * @return false when a newer owner holds the instance (or the lease is gone): nothing was written
     */
    default boolean publish(CommandResult result, SessionLeases.Lease lease) {
        publish(result);
        return true;
    }
}
