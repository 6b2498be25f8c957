package io.zapgate.wa.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;

/** Process-wide lazily created resources of the transport layer. */
final class TransportSupport {

    private TransportSupport() {}

    /** Shared NIO event loops for client sockets; daemon threads, never shut down. */
    static EventLoopGroup sharedClientGroup() {
        return ClientGroupHolder.GROUP;
    }

    /** Virtual threads for blocking steps (DNS) so neither callers nor event loops block. */
    static ExecutorService blockingExecutor() {
        return ExecutorHolder.EXECUTOR;
    }

    /** Client TLS with the JDK default trust store and HTTPS hostname verification. */
    static SslContext defaultClientTls() throws SSLException {
        return TlsHolder.get();
    }

    /** Completes {@code result} from a Netty future, wrapping a failure in {@link TransportException}. */
    static void complete(CompletableFuture<Void> result, Future<?> done) {
        if (done.isSuccess()) {
            result.complete(null);
        } else {
            result.completeExceptionally(new TransportException("write failed", done.cause()));
        }
    }

    static EventLoopGroup newGroup(String name, int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory(name, true), NioIoHandler.newFactory());
    }

    private static final class ClientGroupHolder {
        static final EventLoopGroup GROUP = newGroup("wa-transport", 0);
    }

    private static final class ExecutorHolder {
        static final ExecutorService EXECUTOR = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("wa-transport-resolve-", 0).factory());
    }

    private static final class TlsHolder {
        private static volatile SslContext context;

        static SslContext get() throws SSLException {
            SslContext c = context;
            if (c == null) {
                synchronized (TlsHolder.class) {
                    c = context;
                    if (c == null) {
                        c = SslContextBuilder.forClient()
                                .endpointIdentificationAlgorithm("HTTPS")
                                .build();
                        context = c;
                    }
                }
            }
            return c;
        }
    }
}
