package io.zapgate.wa.client;

import io.zapgate.wa.events.WaEvent;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Delivers events to the listeners in order, on its own serial queue so slow listeners never stall I/O. */
final class EventDispatcher {
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final List<Consumer<WaEvent>> listeners = new CopyOnWriteArrayList<>();
    private final SerialExecutor queue;

    EventDispatcher(Executor backing) {
        this.queue = new SerialExecutor(backing);
    }

    void add(Consumer<WaEvent> listener) {
        listeners.add(listener);
    }

    boolean remove(Consumer<WaEvent> listener) {
        return listeners.remove(listener);
    }

    void emit(WaEvent event) {
        LOG.log(Level.DEBUG, "event {0}", event);
        queue.execute(() -> {
            for (Consumer<WaEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(
                            Level.WARNING,
                            "event listener failed on " + event.getClass().getSimpleName(),
                            e);
                }
            }
        });
    }
}
