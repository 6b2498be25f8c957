package io.zapgate.sessionhost.queue;

import io.zapgate.aws.CommandCodec;
import io.zapgate.core.command.InstanceCommand;
import io.zapgate.core.log.Log;
import io.zapgate.sessionhost.ops.HostMetrics;
import io.zapgate.sessionhost.session.CommandHandler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Long-polls the FIFO command queue on a virtual thread (up to 10 messages, 20 s by default) and handles
 * them: the messages of one group (one instance) one after another in order, different groups in parallel,
 * without waiting for slow commands before polling again.
 *
 * <p>Every message received stays in hand until it is handled: the later messages of a busy group wait in
 * a per-group queue behind the running one, and a heartbeat extends the visibility of every message in hand
 * (waiting or running) every third of the visibility timeout. So no command is received twice while it
 * waits or runs, its receive count stays 1, and the dead-letter queue's {@code maxReceiveCount} is only
 * reached by commands that really keep failing.
 *
 * <p>A message is deleted only once handled; malformed messages are dropped (logged); an unexpected failure
 * leaves the message for redelivery after its visibility timeout, and the rest of its group goes back to the
 * queue behind it (FIFO keeps the order). On {@link #close()} it stops polling, finishes the commands
 * running and returns the unstarted ones to the queue.
 */
public final class SqsCommandConsumer implements AutoCloseable {
    private static final Log LOG = Log.get(SqsCommandConsumer.class);
    private static final Duration BACKOFF = Duration.ofSeconds(1);
    /** The command queue's visibility timeout in template.yaml. */
    public static final Duration DEFAULT_VISIBILITY = Duration.ofSeconds(60);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Handler handler;
    private final String name;
    private final int waitSeconds;
    private final Duration visibility;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private Thread poller;
    private Thread heartbeat;
    /** Groups being worked on at once (one worker per instance); the poller waits when all are taken. */
    private final Semaphore inFlight = new Semaphore(256);
    /** Per group: the messages received and not yet started, in order. Guarded by itself. */
    private final Map<String, Deque<Message>> waiting = new HashMap<>();
    /** Every message received and not yet deleted or returned, by message id: the heartbeat extends these. */
    private final Map<String, Message> inHand = new ConcurrentHashMap<>();

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private volatile HostMetrics metrics = HostMetrics.NONE;

    /** Carries out (or forwards) one received command; throwing leaves the message for redelivery. */
    @FunctionalInterface
    public interface Handler {
        void handle(InstanceCommand command, Message message);
    }

    /** @param waitSeconds long-poll wait, 1..20; the visibility timeout is {@link #DEFAULT_VISIBILITY} */
    public SqsCommandConsumer(SqsClient sqs, String queueUrl, CommandHandler handler, int waitSeconds) {
        this(sqs, queueUrl, handler::handle, waitSeconds, DEFAULT_VISIBILITY);
    }

    /**
     * @param handler carries out one command; throwing leaves the message for redelivery
     * @param waitSeconds long-poll wait, 1..20
     * @param visibility how long a message in hand stays invisible; extended every third of it
     */
    public SqsCommandConsumer(
            SqsClient sqs, String queueUrl, Consumer<InstanceCommand> handler, int waitSeconds, Duration visibility) {
        this(sqs, queueUrl, (command, message) -> handler.accept(command), waitSeconds, visibility, "command");
    }

    /**
     * @param handler carries out or forwards one command (e.g. a {@link CommandRouter}); throwing leaves the
     *     message for redelivery
     * @param name names the polling threads ({@code <name>-consumer})
     */
    public SqsCommandConsumer(
            SqsClient sqs, String queueUrl, Handler handler, int waitSeconds, Duration visibility, String name) {
        this.sqs = sqs;
        this.name = name;
        this.queueUrl = queueUrl;
        this.handler = handler;
        this.waitSeconds = Math.max(1, Math.min(20, waitSeconds));
        this.visibility = visibility.compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : visibility;
    }

    /** Where failed commands are counted (handled, stale and expired ones are counted by the handler). */
    public void metrics(HostMetrics metrics) {
        this.metrics = metrics;
    }

    /** Starts polling and the visibility heartbeat on virtual threads. */
    public synchronized void start() {
        running = true;
        poller = Thread.ofVirtual().name(name + "-consumer").start(this::loop);
        heartbeat = Thread.ofVirtual().name(name + "-heartbeat").start(this::beat);
    }

    private void loop() {
        while (running) {
            List<Message> batch;
            try {
                batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                                .maxNumberOfMessages(10)
                                .waitTimeSeconds(waitSeconds)
                                .visibilityTimeout((int) visibility.toSeconds())
                                .messageAttributeNames(CommandRouter.HOPS)
                                .messageSystemAttributeNames(
                                        MessageSystemAttributeName.MESSAGE_GROUP_ID,
                                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
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
     * Keeps every message of the batch in hand: a group already being worked on gets them appended to its
     * queue, a new group gets its own worker on a virtual thread. The poller never waits for a command, so a
     * slow one (a logout waits for WhatsApp) never holds back other instances.
     */
    private void dispatch(List<Message> batch) {
        batch.forEach(m -> inHand.put(m.messageId(), m));
        for (Map.Entry<String, List<Message>> e : groups(batch).entrySet()) {
            String group = e.getKey();
            synchronized (waiting) {
                Deque<Message> queued = waiting.get(group);
                if (queued != null) {
                    queued.addAll(e.getValue());
                    continue;
                }
                waiting.put(group, new ArrayDeque<>(e.getValue()));
            }
            try {
                inFlight.acquire();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                drain(group).forEach(this::returnToQueue);
                continue;
            }
            workers.execute(() -> {
                try {
                    work(group);
                } finally {
                    inFlight.release();
                }
            });
        }
    }

    /** Runs the group's messages in order until its queue is empty (then the group is done). */
    private void work(String group) {
        while (true) {
            Message next;
            synchronized (waiting) {
                Deque<Message> queued = waiting.get(group);
                next = queued == null ? null : queued.pollFirst();
                if (next == null) {
                    waiting.remove(group);
                    return;
                }
            }
            if (!running) {
                returnToQueue(next);
                drain(group).forEach(this::returnToQueue);
                return;
            }
            if (!handleOne(next)) {
                // FIFO delivers none of the group before the failed message: the order holds
                drain(group).forEach(this::returnToQueue);
                return;
            }
        }
    }

    private List<Message> drain(String group) {
        synchronized (waiting) {
            Deque<Message> queued = waiting.remove(group);
            return queued == null ? List.of() : new ArrayList<>(queued);
        }
    }

    private static Map<String, List<Message>> groups(List<Message> batch) {
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message m : batch) {
            String group = m.attributes().getOrDefault(MessageSystemAttributeName.MESSAGE_GROUP_ID, m.messageId());
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(m);
        }
        return groups;
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
            handler.handle(command, m);
            delete(m);
            return true;
        } catch (RuntimeException e) {
            inHand.remove(m.messageId());
            metrics.count(HostMetrics.Counter.COMMANDS_FAILED);
            LOG.warn(
                    "command failed; left for redelivery",
                    e,
                    "instance",
                    command.instanceName(),
                    "commandId",
                    command.commandId(),
                    "type",
                    command.name(),
                    "receiveCount",
                    m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
            return false;
        }
    }

    /** Every third of the visibility timeout, pushes the visibility of every message in hand forward. */
    private void beat() {
        long periodMillis = visibility.toMillis() / 3;
        while (running) {
            try {
                if (stopped.await(periodMillis, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            extendAll();
        }
        // until close() has finished the running commands, keep them invisible
        while (!workers.isTerminated() && !inHand.isEmpty()) {
            extendAll();
            try {
                workers.awaitTermination(periodMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void extendAll() {
        for (Message m : List.copyOf(inHand.values())) {
            try {
                sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl)
                        .receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) visibility.toSeconds()));
            } catch (SdkException e) {
                // deleted meanwhile, or the queue is briefly unreachable: the next beat tries again
                LOG.debug("command message visibility not extended", "messageId", m.messageId());
            }
        }
    }

    private void delete(Message m) {
        inHand.remove(m.messageId());
        try {
            sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
        } catch (SdkException e) {
            LOG.warn("command message not deleted; it will be redelivered", e, "messageId", m.messageId());
        }
    }

    private void returnToQueue(Message m) {
        inHand.remove(m.messageId());
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
     * Stops polling and waits for the commands in hand; messages received meanwhile and commands not yet
     * started go back to the queue. The long poll in flight is not cut short (a cut request could still be
     * handed a message by the queue, which would then stay invisible until its visibility timeout), so this
     * takes up to the poll wait.
     */
    @Override
    public void close() {
        Thread thread;
        Thread beater;
        synchronized (this) {
            running = false;
            stopped.countDown();
            thread = poller;
            beater = heartbeat;
        }
        try {
            if (thread != null) {
                thread.join(Duration.ofSeconds(waitSeconds + 30L));
            }
            workers.shutdown();
            if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("commands still running at shutdown; their messages return after the visibility timeout");
            }
            if (beater != null) {
                beater.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
