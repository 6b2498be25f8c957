package io.zapgate.sessionhost;

import io.zapgate.core.log.Log;
import io.zapgate.core.session.EventPublisher;
import io.zapgate.core.session.InstanceEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Publishes to the event queue and then shows each event to in-process listeners (the local stack draws new
 * QR codes in the terminal with it). A failing listener never blocks publishing.
 */
final class TappedEventPublisher implements EventPublisher {
    private static final Log LOG = Log.get(TappedEventPublisher.class);
    private final EventPublisher delegate;
    private final List<Consumer<InstanceEvent>> listeners = new CopyOnWriteArrayList<>();

    TappedEventPublisher(EventPublisher delegate) {
        this.delegate = delegate;
    }

    void addListener(Consumer<InstanceEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void publish(InstanceEvent event) {
        delegate.publish(event);
        tap(event);
    }

    @Override
    public void publish(InstanceEvent event, long fence) {
        delegate.publish(event, fence);
        tap(event);
    }

    private void tap(InstanceEvent event) {
        for (Consumer<InstanceEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("event listener failed", e);
            }
        }
    }
}
