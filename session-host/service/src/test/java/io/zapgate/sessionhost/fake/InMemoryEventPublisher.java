package io.zapgate.sessionhost.fake;

import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.InstanceEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps published events in order for assertions, with the fencing token each was sent under. */
public final class InMemoryEventPublisher implements EventPublisher {
    private final List<InstanceEvent> events = new CopyOnWriteArrayList<>();
    private final Map<String, Long> fences = new ConcurrentHashMap<>();

    @Override
    public void publish(InstanceEvent event) {
        events.add(event);
    }

    @Override
    public void publish(InstanceEvent event, long fence) {
        fences.put(event.eventId(), fence);
        events.add(event);
    }

    public List<InstanceEvent> events() {
        return List.copyOf(events);
    }

    /** The fencing token {@code event} was published under; empty when it was published without one. */
    public Optional<Long> fenceOf(InstanceEvent event) {
        return Optional.ofNullable(fences.get(event.eventId()));
    }
}
