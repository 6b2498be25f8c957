package io.zapgate.core.fake;

import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.InstanceCommand;
import java.util.ArrayList;
import java.util.List;

/** Records sent commands, in order; a test may script what a session host does with them. */
public final class InMemoryCommandBus implements CommandBus {
    private final List<InstanceCommand> sent = new ArrayList<>();
    private volatile java.util.function.Consumer<InstanceCommand> onSend = c -> {};

    @Override
    public void send(InstanceCommand command) {
        synchronized (this) {
            sent.add(command);
        }
        onSend.accept(command);
    }

    /** Scripts a session host: called with every command after it is recorded. */
    public void onSend(java.util.function.Consumer<InstanceCommand> reaction) {
        this.onSend = reaction;
    }

    public synchronized List<InstanceCommand> sent() {
        return List.copyOf(sent);
    }
}
