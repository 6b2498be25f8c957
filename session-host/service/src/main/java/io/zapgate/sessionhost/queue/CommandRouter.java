package io.zapgate.sessionhost.queue;

import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Sends each command to the host that holds its instance (docs/fleet.md, "Command routing"). Before a command is
 * handled here, the instance's lease is read (one consistent GetItem): if another host holds it, unexpired, and
 * the lease names that host's own queue, the message's body goes there unchanged (same group, a new
 * deduplication id, the hop count one higher) and nothing runs here; otherwise (ours, free, expired, or no queue)
 * it is handled here. After {@value #MAX_HOPS} hops a command is handled here regardless (logged), so hosts that
 * disagree on the owner cannot bounce it for ever.
 */
public final class CommandRouter implements SqsCommandConsumer.Handler {
    private static final Log LOG = Log.get(CommandRouter.class);
    /** The message attribute counting how often a command was forwarded. */
    public static final String HOPS = "zapgateHops";
    /** Forwards at most; the next host handles it. */
    public static final int MAX_HOPS = 3;

    private final SqsClient sqs;
    private final SessionLeases leases;
    private final String hostId;
    private final Clock clock;
    private final Consumer<InstanceCommand> handler;

    /** @param handler carries out a command on this host */
    public CommandRouter(
            SqsClient sqs, SessionLeases leases, String hostId, Clock clock, Consumer<InstanceCommand> handler) {
        this.sqs = sqs;
        this.leases = leases;
        this.hostId = hostId;
        this.clock = clock;
        this.handler = handler;
    }

    @Override
    public void handle(InstanceCommand command, Message message) {
        if (command.instanceId() != null && !command.expiredAt(clock.instant())) {
            Optional<SessionLeases.Lease> lease = leases.current(command.instanceId());
            if (lease.isPresent() && elsewhere(lease.get()) && forwarded(command, message, lease.get())) {
                return;
            }
        }
        handler.accept(command);
    }

    private boolean elsewhere(SessionLeases.Lease lease) {
        return !hostId.equals(lease.owner())
                && lease.queueUrl() != null
                && lease.expiresAt().isAfter(clock.instant());
    }

    private boolean forwarded(InstanceCommand command, Message message, SessionLeases.Lease lease) {
        int hops = hops(message);
        if (hops >= MAX_HOPS) {
            LOG.warn(
                    "command forwarded too often; handled here",
                    "instance",
                    command.instanceName(),
                    "commandId",
                    command.commandId(),
                    "owner",
                    lease.owner(),
                    "hops",
                    hops);
            return false;
        }
        int next = hops + 1;
        try {
            sqs.sendMessage(b -> b.queueUrl(lease.queueUrl())
                    .messageBody(message.body())
                    .messageGroupId(message.attributes()
                            .getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, command.groupKey()))
                    .messageDeduplicationId(command.commandId() + ".hop" + next)
                    .messageAttributes(Map.of(
                            HOPS,
                            MessageAttributeValue.builder()
                                    .dataType("Number")
                                    .stringValue(Integer.toString(next))
                                    .build())));
        } catch (QueueDoesNotExistException e) {
            // the owner's queue is gone (its host stopped, or was adopted from): handle it here
            LOG.info(
                    "owner's command queue gone; handled here",
                    "instance",
                    command.instanceName(),
                    "queue",
                    lease.queueUrl());
            return false;
        }
        LOG.debug(
                "command forwarded to the lease owner",
                "instance",
                command.instanceName(),
                "commandId",
                command.commandId(),
                "owner",
                lease.owner(),
                "hops",
                next);
        return true;
    }

    /** The message's hop count (0 when it was never forwarded or the attribute is unreadable). */
    static int hops(Message message) {
        MessageAttributeValue v = message.messageAttributes().get(HOPS);
        if (v == null || v.stringValue() == null) {
            return 0;
        }
        try {
            return Integer.parseInt(v.stringValue().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
