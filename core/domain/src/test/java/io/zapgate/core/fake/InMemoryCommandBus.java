package io.zapgate.core.fake;

import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.InstanceCommand;
import java.util.ArrayList;
import java.util.List;

/** Records sent commands, in order. */
public final class InMemoryCommandBus implements CommandBus {
    private final List<InstanceCommand> sent = new ArrayList<>();

    @Override
    public synchronized void send(InstanceCommand command) {
        sent.add(command);
    }

    public synchronized List<InstanceCommand> sent() {
        return List.copyOf(sent);
    }
}
