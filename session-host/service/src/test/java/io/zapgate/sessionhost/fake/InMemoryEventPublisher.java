package io.zapgate.sessionhost.fake;

import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.InstanceEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps published events in order for assertions. */
public final class InMemoryEventPublisher implements EventPublisher {
    private final List<InstanceEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(InstanceEvent event) {
        events.add(event);
    }

    public List<InstanceEvent> events() {
        return List.copyOf(events);
    }
}
