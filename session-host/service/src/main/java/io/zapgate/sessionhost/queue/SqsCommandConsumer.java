package io.zapgate.sessionhost.queue;

import io.zapgate.aws.CommandCodec;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.log.Log;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.sessionhost.session.CommandHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Long-polls the FIFO command queue on a virtual thread (up to 10 messages, 20 s by default) and handles
 * them: the messages of one group (one instance) one after another in order, different groups in parallel,
 * without waiting for slow commands before polling again.
 * A message is deleted only once handled; malformed messages and stale commands are dropped (logged); an
 * unexpected failure leaves the message, and the rest of its group, for redelivery. On {@link #close()} it
 * stops polling, finishes the commands in hand and returns the unstarted ones to the queue.
 */
public final class SqsCommandConsumer implements AutoCloseable {
    private static final Log LOG = Log.get(SqsCommandConsumer.class);
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private final SqsClient sqs;
    private final String queueUrl;
    private final CommandHandler handler;
    private final int waitSeconds;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private Thread poller;
    /** Commands being handled at once (one per instance at most); the poller waits when all are taken. */
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(256);

    private final java.util.concurrent.ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile HostMetrics metrics = HostMetrics.NONE;

    /** @param waitSeconds long-poll wait, 1..20 */
    public SqsCommandConsumer(SqsClient sqs, String queueUrl, CommandHandler handler, int waitSeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.handler = handler;
        this.waitSeconds = Math.max(1, Math.min(20, waitSeconds));
    }

    /** Where handled, stale and failed commands are counted. */
    public void metrics(HostMetrics metrics) {
        this.metrics = metrics;
    }

    /** Starts polling on a virtual thread. */
    public synchronized void start() {
        running = true;
        poller = Thread.ofVirtual().name("command-consumer").start(this::loop);
    }

    private void loop() {
        while (running) {
            List<Message> batch;
            try {
                batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(waitSeconds)
                                .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                        .messages();
            } catch (SdkException e) {
                if (running) {
                    LOG.warn("command queue poll failed; retrying", e);
                    pause();
                }
                continue;
            }
            if (running) {
                dispatch(batch);
            } else {
                batch.forEach(this::returnToQueue);
            }
        }
    }

    /**
     * Starts the first command of each group on its own virtual thread and keeps polling: a slow command
     * (a logout waits for WhatsApp) never holds back other instances. The group's later messages go straight
     * back to the queue; FIFO keeps them from being delivered before the first is deleted, so the order holds
     * and no message stays in flight longer than its own handling (the queue's visibility timeout is 60 s).
     */
    private void dispatch(List<Message> batch) {
        for (List<Message> group : groups(batch).values()) {
            group.subList(1, group.size()).forEach(this::returnToQueue);
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                returnToQueue(group.get(0));
                continue;
            }
            workers.execute(() -> {
                try {
                    if (running) {
                        handleOne(group.get(0));
                    } else {
                        returnToQueue(group.get(0));
                    }
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    private static Map<String, List<Message>> groups(List<Message> batch) {
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message m : batch) {
            String group = m.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, m.messageId());
            groups.computeIfAbsent(group, g -> new java.util.ArrayList<>()).add(m);
        }
        return groups;
    }

    /** Handles one received batch: groups in parallel, each group in order. Visible for tests. */
    void handleBatch(List<Message> batch) {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            groups(batch).values().forEach(group -> pool.execute(() -> handleGroup(group)));
        }
    }

    private void handleGroup(List<Message> group) {
        for (int i = 0; i < group.size(); i++) {
            if (!running) {
                group.subList(i, group.size()).forEach(this::returnToQueue);
                return;
            }
            if (!handleOne(group.get(i))) {
                return;
            }
        }
    }

    /** @return false when the message stays for redelivery (and its group must wait) */
    private boolean handleOne(Message m) {
        InstanceCommand command;
        try {
            command = CommandCodec.decode(m.body());
        } catch (IllegalArgumentException e) {
            LOG.warn("malformed command message dropped", "messageId", m.messageId(), "error", e.getMessage());
            delete(m);
            return true;
        }
        try {
            CommandHandler.Outcome outcome = handler.handle(command);
            metrics.count(
                    outcome == CommandHandler.Outcome.STALE
                            ? HostMetrics.Counter.COMMANDS_STALE
                            : HostMetrics.Counter.COMMANDS_HANDLED);
            delete(m);
            return true;
        } catch (RuntimeException e) {
            metrics.count(HostMetrics.Counter.COMMANDS_FAILED);
            LOG.warn(
                    "command failed; left for redelivery",
                    e,
                    "instance",
                    command.instanceName(),
                    "commandId",
                    command.commandId(),
                    "type",
                    command.type().name());
            return false;
        }
    }

    private void delete(Message m) {
        try {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        } catch (SdkException e) {
            LOG.warn("command message not deleted; it will be redelivered", e, "messageId", m.messageId());
        }
    }

    private void returnToQueue(Message m) {
        try {
            sqs.changeMessageVisibility(
                    b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        } catch (SdkException e) {
            LOG.info("command message returns after its visibility timeout", "messageId", m.messageId());
        }
    }

    private void pause() {
        try {
            stopped.await(BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops polling and waits for the commands in hand; messages received meanwhile go back to the queue. The
     * long poll in flight is not cut short (a cut request could still be handed a message by the queue, which
     * would then stay invisible until its visibility timeout), so this takes up to the poll wait.
     */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            running = false;
            stopped.countDown();
            thread = poller;
        }
        try {
            if (thread != null) {
                thread.join(Duration.ofSeconds(waitSeconds + 30L));
            }
            workers.shutdown();
            if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("commands still running at shutdown; their messages return after the visibility timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
