package io.zapgate.core.session;

/** Port (session host side): hands an event to delivery (webhooks, WebSocket stream). */
public interface EventPublisher {
    void publish(InstanceEvent event);

    /**
     * Publishes an event of a session held under the lease token {@code fence}; the token travels with the event
     * (on SQS as the message attribute {@value #FENCE_ATTRIBUTE}) so a consumer can drop events of an older
     * owner. Adapters that cannot carry it publish the event alone (the default).
     */
    default void publish(InstanceEvent event, long fence) {
        publish(event);
    }

    /** The SQS message attribute (Number) carrying the fencing token of the host that sent an event. */
    String FENCE_ATTRIBUTE = "zapgateFence";
}
