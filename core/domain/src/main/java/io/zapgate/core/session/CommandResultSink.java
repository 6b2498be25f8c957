package io.zapgate.core.session;

/** Port (session host side): records a command's result where the waiting Lambda will see it. */
public interface CommandResultSink {
    void publish(CommandResult result);
}
