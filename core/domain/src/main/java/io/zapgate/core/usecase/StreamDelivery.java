package io.zapgate.core.usecase;

import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.instance.Instance;
import io.zapgate.core.instance.InstanceKey;
import io.zapgate.core.instance.WebsocketSettings;
import io.zapgate.core.log.Log;
import io.zapgate.core.port.InstanceRepository;
import io.zapgate.core.session.ConnectionPusher;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.session.StreamConnection;
import io.zapgate.core.session.StreamConnections;
import java.time.Clock;
import java.util.Optional;

/**
 * Delivers one event to the WebSocket stream: to every live connection of the instance's account that may
 * see the instance, when the instance (as stored now, same incarnation) has its websocket block enabled and
 * its events filter lets the event through. Connections the gateway reports gone are forgotten.
 *
 * <p>Storage failures propagate (the event is retried before anything was pushed); a push that fails for
 * another reason is logged and skipped, since retrying the event would repeat it to the other connections.
 */
public final class StreamDelivery {
    private static final Log LOG = Log.get(StreamDelivery.class);
    private final InstanceRepository instances;
    private final StreamConnections connections;
    private final ConnectionPusher pusher;
    private final Clock clock;

    /** How one delivery went: connections reached, forgotten as gone, and failed. */
    public record Outcome(int pushed, int gone, int failed) {
        public static final Outcome NOT_STREAMED = new Outcome(0, 0, 0);
    }

    public StreamDelivery(
            InstanceRepository instances, StreamConnections connections, ConnectionPusher pusher, Clock clock) {
        this.instances = instances;
        this.connections = connections;
        this.pusher = pusher;
        this.clock = clock;
    }

    /** @param payload the event as the contract's JSON envelope, sent as is */
    public Outcome deliver(InstanceEvent event, String payload) {
        Optional<Instance> instance = instances.find(new InstanceKey(event.accountId(), event.instanceName()));
        if (instance.isEmpty()
                || !instance.get().id().equals(event.instanceId())
                || !streams(instance.get().websocket(), event.event())) {
            return Outcome.NOT_STREAMED;
        }
        int pushed = 0;
        int gone = 0;
        int failed = 0;
        for (StreamConnection c : connections.listForAccount(event.accountId(), clock.instant())) {
            if (!c.sees(event.instanceName(), event.instanceId())) {
                continue;
            }
            try {
                if (pusher.push(c.connectionId(), payload) == ConnectionPusher.Result.GONE) {
                    connections.delete(c.connectionId());
                    gone++;
                } else {
                    pushed++;
                }
            } catch (ZapgateException e) {
                failed++;
                LOG.warn("stream push failed", e, "instance", event.instanceName(), "connection", c.connectionId());
            }
        }
        return new Outcome(pushed, gone, failed);
    }

    static boolean streams(WebsocketSettings ws, String eventName) {
        return ws.enabled() && (ws.events().isEmpty() || ws.events().contains(eventName));
    }
}
