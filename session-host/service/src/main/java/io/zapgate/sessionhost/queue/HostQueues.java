package io.zapgate.sessionhost.queue;

import io.zapgate.core.log.Log;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * A session host's own FIFO command queue (docs/fleet.md, "Command routing"): created at start with the shared
 * command queue's visibility timeout, and at the end of its life (its host stopped, or died and its sessions were
 * adopted) emptied into the shared command queue and deleted. Moving keeps each message's group, body and hop
 * count, so FIFO order per instance holds and the receiving host forwards or handles it as usual.
 */
public final class HostQueues {
    private static final Log LOG = Log.get(HostQueues.class);

    private HostQueues() {}

    /**
     * Creates (or finds, CreateQueue is idempotent with the same attributes) the FIFO queue {@code name} with
     * content-based deduplication off and {@code sharedUrl}'s visibility timeout; returns its URL.
     */
    public static String create(SqsClient sqs, String name, String sharedUrl) {
        String visibility = sqs.getQueueAttributes(
                        b -> b.queueUrl(sharedUrl).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()
                .getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "60");
        String url = sqs.createQueue(b -> b.queueName(name)
                        .attributes(Map.of(
                                QueueAttributeName.FIFO_QUEUE, "true",
                                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "false",
                                QueueAttributeName.VISIBILITY_TIMEOUT, visibility)))
                .queueUrl();
        LOG.info("host command queue ready", "queue", url);
        return url;
    }

    /**
     * Moves every message of {@code from} to {@code to} and deletes {@code from}. Best-effort: a failure is logged
     * and what was not moved stays; a queue already gone is not an error.
     *
     * @return how many messages were moved
     */
    public static int drainAndDelete(SqsClient sqs, String from, String to) {
        return move(sqs, from, to, true);
    }

    /**
     * Moves every message of {@code from} to {@code to} (receive until a receive comes back empty, send each with
     * its group id and hop count, then delete it); {@code from} stays. Messages another consumer has in hand are
     * not seen. Best-effort, logged; a queue that does not exist is not an error.
     *
     * @return how many messages were moved
     */
    public static int drain(SqsClient sqs, String from, String to) {
        return move(sqs, from, to, false);
    }

    private static int move(SqsClient sqs, String from, String to, boolean delete) {
        int moved = 0;
        try {
            while (true) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(from)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(0)
                                .visibilityTimeout(30)
                                .messageAttributeNames("All")
                                .messageSystemAttributeNames(
                                        MessageSystemAttributeName.MESSAGE_GROUP_ID,
                                        MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID))
                        .messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (Message m : batch) {
                    Map<MessageSystemAttributeName, String> attrs = m.attributes();
                    String dedup =
                            attrs.getOrDefault(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, m.messageId());
                    sqs.sendMessage(b -> b.queueUrl(to)
                            .messageBody(m.body())
                            .messageAttributes(m.messageAttributes())
                            .messageGroupId(attrs.get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                            .messageDeduplicationId(moved(dedup)));
                    sqs.deleteMessage(b -> b.queueUrl(from).receiptHandle(m.receiptHandle()));
                    moved++;
                }
            }
            if (delete) {
                sqs.deleteQueue(b -> b.queueUrl(from));
                LOG.info("host command queue moved to the shared queue and deleted", "queue", from, "moved", moved);
            } else if (moved > 0) {
                LOG.info(
                        "commands moved from a lapsed host's queue to the shared queue", "queue", from, "moved", moved);
            }
        } catch (QueueDoesNotExistException e) {
            LOG.info("host command queue already gone", "queue", from, "moved", moved);
        } catch (SdkException e) {
            LOG.warn("host command queue not fully moved; a later drain retries", e, "queue", from, "moved", moved);
        }
        return moved;
    }

    /** A deduplication id for the moved copy: different from the original's, at most 128 characters. */
    private static String moved(String dedup) {
        String id = dedup + ".moved";
        return id.length() > 128 ? id.substring(id.length() - 128) : id;
    }
}
