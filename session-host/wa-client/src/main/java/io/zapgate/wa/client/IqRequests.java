package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Correlates outgoing {@code <iq>} requests with their {@code result}/{@code error} answers by id (whatsmeow
 * {@code request.go}). Ids look like {@code "<b0>.<b1>-<n>"}: two random bytes in decimal, then a counter.
 * Each request has a deadline on the {@link TaskScheduler}; {@link #failAll(Link)} ends the requests of a
 * closed connection. Answers are completed from the inbound queue, so callers must not block that queue while
 * waiting for one (handlers that wait run on their own virtual thread).
 */
final class IqRequests {
    private final TaskScheduler scheduler;
    private final Duration defaultTimeout;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(Link link, CompletableFuture<Node> future, TaskScheduler.Cancellable timeout) {}

    IqRequests(TaskScheduler scheduler, Duration defaultTimeout) {
        this.scheduler = scheduler;
        this.defaultTimeout = defaultTimeout;
        byte[] random = new byte[2];
        new SecureRandom().nextBytes(random);
        this.prefix = (random[0] & 0xFF) + "." + (random[1] & 0xFF) + "-";
    }

    /** @return a fresh request id */
    String nextId() {
        return prefix + counter.incrementAndGet();
    }

    /** Sends {@code <iq xmlns type to=@s.whatsapp.net id>children</iq>} with the default deadline. */
    CompletableFuture<Node> query(Link link, String xmlns, String type, List<Node> children) {
        return query(link, xmlns, type, children, defaultTimeout);
    }

    /** As {@link #query(Link, String, String, List)} with an explicit deadline; no children if the list is empty. */
    CompletableFuture<Node> query(Link link, String xmlns, String type, List<Node> children, Duration timeout) {
        String id = nextId();
        var builder = Node.builder("iq")
                .attr("id", id)
                .attr("xmlns", xmlns)
                .attr("type", type)
                .attr("to", Jid.SERVER_JID);
        if (!children.isEmpty()) {
            builder.children(children);
        }
        CompletableFuture<Node> future = new CompletableFuture<>();
        TaskScheduler.Cancellable deadline =
                scheduler.schedule(timeout, () -> fail(id, new IqException(IqException.Kind.TIMEOUT, 0, "")));
        pending.put(id, new Pending(link, future, deadline));
        link.send(builder.build()).whenComplete((ok, error) -> {
            if (error != null) {
                fail(id, new IqException(IqException.Kind.DISCONNECTED, 0, ""));
            }
        });
        return future;
    }

    /**
     * Completes the request an incoming node answers.
     *
     * @return true if {@code node} was an {@code iq} result/error for a pending request (and is consumed)
     */
    boolean complete(Node node) {
        if (!node.tag().equals("iq")) {
            return false;
        }
        String type = node.attr("type").orElse("");
        if (!type.equals("result") && !type.equals("error")) {
            return false;
        }
        Pending entry = node.attr("id").map(pending::remove).orElse(null);
        if (entry == null) {
            return false;
        }
        entry.timeout().cancel();
        if (type.equals("result")) {
            entry.future().complete(node);
        } else {
            Node error = node.child("error").orElse(Node.of("error"));
            int code = error.attr("code").map(IqRequests::parseInt).orElse(0);
            entry.future()
                    .completeExceptionally(new IqException(
                            IqException.Kind.ERROR_RESPONSE,
                            code,
                            error.attr("text").orElse("")));
        }
        return true;
    }

    /** Fails every request sent on {@code link} (its connection closed). */
    void failAll(Link link) {
        pending.forEach((id, entry) -> {
            if (entry.link() == link) {
                fail(id, new IqException(IqException.Kind.DISCONNECTED, 0, ""));
            }
        });
    }

    /** @return how many requests wait for an answer */
    int pendingCount() {
        return pending.size();
    }

    private void fail(String id, IqException error) {
        Pending entry = pending.remove(id);
        if (entry != null) {
            entry.timeout().cancel();
            entry.future().completeExceptionally(error);
        }
    }

    static int parseInt(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
