package io.zapgate.core.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Port (Lambda side): waits for the result of a command. {@link #expect} must be called BEFORE the command
 * is sent, so a result written at once is not missed (a stream reader starts reading from "now").
 */
public interface CommandResults {
    /** Starts watching for {@code requestId}'s result. */
    Pending expect(String requestId);

    /** A result being waited for. */
    interface Pending extends AutoCloseable {
        /** The result, or empty if none arrived within {@code timeout}. */
        Optional<CommandResult> await(Duration timeout);

        @Override
        void close();
    }
}
