package io.zapgate.core.session;

/** Port (session host side): hands an event to delivery (webhooks, WebSocket stream). */
public interface EventPublisher {
    void publish(InstanceEvent event);
}
