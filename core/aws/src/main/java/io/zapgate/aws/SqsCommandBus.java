package io.zapgate.aws;

import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import io.zapgate.core.session.SessionLeases;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Sends commands to the FIFO command queue: message group = the instance (ordered per instance), dedup id =
 * the command id (a resend within five minutes is dropped by SQS).
 *
 * <p>With the session leases (docs/fleet.md, "Command routing"), a command goes straight to the queue of the
 * session host that holds its instance: the instance's lease row is read (one consistent GetItem) and, if it names
 * an owner whose lease is unexpired and that owner's own queue, the command is sent there (same group and
 * deduplication id); otherwise (free, expired or released lease, no queue, the read failed) to the shared queue.
 * A send to the owner's queue that fails (the queue was deleted when its host stopped, or any other error) falls
 * back to the shared queue. The hosts still route what they receive (their {@code CommandRouter}), so a lease
 * that moves between the read and the handling costs one hop, as before.
 */
public final class SqsCommandBus implements CommandBus {
    private static final Log LOG = Log.get(SqsCommandBus.class);
    private final SqsClient sqs;
    private final String queueUrl;
    /** Where the owners' queues are read from; null: always the shared queue. */
    private final SessionLeases leases;

    private final Clock clock;

    /** Every command to the shared queue {@code queueUrl}. */
    public SqsCommandBus(SqsClient sqs, String queueUrl) {
        this(sqs, queueUrl, null, Clock.systemUTC());
    }

    /**
     * Commands for an instance a live host holds go to that host's own queue, the others to {@code queueUrl}.
     *
     * @param leases the session leases (null: every command to the shared queue)
     * @param clock judges whether a lease is still live
     */
    public SqsCommandBus(SqsClient sqs, String queueUrl, SessionLeases leases, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.leases = leases;
        this.clock = clock;
    }

    @Override
    public void send(InstanceCommand command) {
        String owners = ownersQueue(command);
        if (owners != null) {
            try {
                put(owners, command);
                LOG.debug(
                        "command sent to the owner's queue",
                        "type",
                        command.name(),
                        "commandId",
                        command.commandId(),
                        "queue",
                        owners);
                return;
            } catch (QueueDoesNotExistException e) {
                LOG.info("owner's queue gone; command sent to the shared queue", "queue", owners);
            } catch (SdkException e) {
                LOG.warn("send to the owner's queue failed; command sent to the shared queue", e, "queue", owners);
            }
        }
        try {
            put(queueUrl, command);
            LOG.debug("command sent", "type", command.name(), "commandId", command.commandId());
        } catch (SdkException e) {
            LOG.warn("command send failed", e, "type", command.name(), "commandId", command.commandId());
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Command queue temporarily unavailable, try again", e);
        }
    }

    private void put(String url, InstanceCommand command) {
        sqs.sendMessage(b -> b.queueUrl(url)
                .messageBody(CommandCodec.encode(command))
                .messageGroupId(command.groupKey())
                .messageDeduplicationId(command.commandId()));
    }

    /** The queue of the live host holding the command's instance, or null (the shared queue). */
    private String ownersQueue(InstanceCommand command) {
        if (leases == null || command.instanceId() == null) {
            return null;
        }
        try {
            Optional<SessionLeases.Lease> lease = leases.current(command.instanceId());
            return lease.filter(l -> l.owner() != null
                            && l.queueUrl() != null
                            && l.expiresAt().isAfter(clock.instant()))
                    .map(SessionLeases.Lease::queueUrl)
                    .orElse(null);
        } catch (RuntimeException e) {
            LOG.warn("lease not read; command sent to the shared queue", e, "commandId", command.commandId());
            return null;
        }
    }
}
