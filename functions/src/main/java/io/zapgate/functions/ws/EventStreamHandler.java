package io.zapgate.functions.ws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.zapgate.aws.EventCodec;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.InstanceEvent;
import io.zapgate.core.usecase.StreamDelivery;
import io.zapgate.functions.support.FifoBatch;

/**
 * Consumes the FIFO stream event queue and pushes each event, as the contract's envelope, to the WebSocket
 * connections that may see it. A message that cannot be delivered (undecodable, storage unavailable) is
 * reported failed, and so is every later message of its instance in the batch ({@link FifoBatch}).
 * Anything else is a bug and fails the whole batch.
 */
public final class EventStreamHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Log LOG = Log.get(EventStreamHandler.class);
    private final StreamServices services;

    public EventStreamHandler() {
        this(StreamServices.fromEnvironment());
    }

    public EventStreamHandler(StreamServices services) {
        this.services = services;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return FifoBatch.run(event, this::deliver, (held, failed) -> {});
    }

    private boolean deliver(SQSEvent.SQSMessage m) {
        InstanceEvent e;
        try {
            e = EventCodec.decode(m.getBody());
        } catch (IllegalArgumentException bad) {
            LOG.warn("undecodable stream event; left for the dead-letter queue", bad, "messageId", m.getMessageId());
            return false;
        }
        try {
            StreamDelivery.Outcome o = services.delivery.deliver(e, EventCodec.encode(e));
            LOG.debug(
                    "stream event delivered",
                    "instance",
                    e.instanceName(),
                    "eventId",
                    e.eventId(),
                    "pushed",
                    o.pushed(),
                    "gone",
                    o.gone(),
                    "failed",
                    o.failed());
            return true;
        } catch (ZapgateException failure) {
            LOG.warn(
                    "stream event delivery failed; will be retried",
                    failure,
                    "instance",
                    e.instanceName(),
                    "eventId",
                    e.eventId());
            return false;
        }
    }
}
