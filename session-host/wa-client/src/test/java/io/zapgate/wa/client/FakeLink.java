package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** An in-memory {@link Link}: records sent nodes, lets a test answer them, and records closes. */
final class FakeLink implements Link {
    final List<Node> sent = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<Node> outbox = new LinkedBlockingQueue<>();
    volatile boolean open = true;
    volatile Boolean closedExpected;
    volatile Consumer<Node> onSend = node -> {};
    private ClientCore core;

    void attachTo(ClientCore value) {
        this.core = value;
    }

    @Override
    public CompletableFuture<Void> send(Node node) {
        if (!open) {
            return CompletableFuture.failedFuture(new IllegalStateException("closed"));
        }
        onSend.accept(node);
        sent.add(node);
        outbox.add(node);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(boolean expected) {
        if (!open) {
            return;
        }
        open = false;
        closedExpected = expected;
        if (core != null) {
            core.inbound.execute(() -> core.lifecycle.onClosed(this, expected));
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Waits for the next sent node matching {@code filter}, skipping others. */
    /** The next matching node sent within {@code wait}, or null. */
    Node nextWithin(Predicate<Node> filter, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Node node = outbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (node == null || filter.test(node)) {
                return node;
            }
        }
    }

    Node next(Predicate<Node> filter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Node node = outbox.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (node == null) {
                throw new AssertionError("no matching node sent; sent so far: " + sent);
            }
            if (filter.test(node)) {
                return node;
            }
        }
    }

    /** Feeds a node as if received, through the client's inbound queue. */
    void receive(Node node) {
        core.inbound.execute(() -> core.router.dispatch(this, node));
    }

    static Predicate<Node> iq(String xmlns) {
        return n ->
                n.tag().equals("iq") && n.attr("xmlns").filter(xmlns::equals).isPresent();
    }

    static Node result(Node request, Node... children) {
        var builder = Node.builder("iq")
                .attr("id", request.attr("id").orElseThrow())
                .attr("type", "result")
                .attr("from", io.zapgate.wa.binary.Jid.SERVER_JID);
        if (children.length > 0) {
            builder.children(children);
        }
        return builder.build();
    }
}
