package io.zapgate.aws;

import io.zapgate.core.command.CommandBus;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.error.ErrorCode;
import io.zapgate.core.error.ZapgateException;
import io.zapgate.core.log.Log;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Sends commands to the FIFO command queue: message group = the instance (ordered per instance), dedup id =
 * the command id (a resend within five minutes is dropped by SQS).
 */
public final class SqsCommandBus implements CommandBus {
    private static final Log LOG = Log.get(SqsCommandBus.class);
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsCommandBus(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(InstanceCommand command) {
        try {
            sqs.sendMessage(b -> b.queueUrl(queueUrl)
                    .messageBody(CommandCodec.encode(command))
                    .messageGroupId(command.groupKey())
                    .messageDeduplicationId(command.commandId()));
            LOG.debug("command sent", "type", command.name(), "commandId", command.commandId());
        } catch (SdkException e) {
            LOG.warn("command send failed", e, "type", command.name(), "commandId", command.commandId());
            throw new ZapgateException(ErrorCode.UNAVAILABLE, "Command queue temporarily unavailable, try again", e);
        }
    }
}
