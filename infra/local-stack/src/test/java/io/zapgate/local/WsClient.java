package io.zapgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.zapgate.testsupport.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client for the stream suites: queues the text messages it receives and notes the server's close. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    static WsClient open(HttpClient http, URI uri) throws Exception {
        return open(http.newWebSocketBuilder(), uri);
    }

    static WsClient open(WebSocket.Builder builder, URI uri) throws Exception {
        WsClient c = new WsClient();
        c.socket = builder.connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, c)
                .get(20, TimeUnit.SECONDS);
        return c;
    }

    WebSocket socket() {
        return socket;
    }

    /** Completes with the close code once the server closed the connection. */
    CompletableFuture<Integer> closedByServer() {
        return closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            received.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return CompletableFuture.completedFuture(null);
    }

    /** The next text message, within {@link #WAIT}. */
    String next() throws InterruptedException {
        String s = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(s).as("a message within " + WAIT).isNotNull();
        return s;
    }

    @Override
    public void close() throws Exception {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
        Await.until("the server's close", WAIT, () -> closed.isDone() || socket.isInputClosed());
    }
}
