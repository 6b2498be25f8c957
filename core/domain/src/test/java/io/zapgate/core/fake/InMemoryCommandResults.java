package io.zapgate.core.fake;

import io.zapgate.core.session.CommandResult;
import io.zapgate.core.session.CommandResultSink;
import io.zapgate.core.session.CommandResults;
import io.zapgate.core.session.SessionLeases;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Results handed from a (scripted) session host to waiters in memory; both sides of the port. A fenced publish
 * is checked against the leases given to {@link #fencedBy} (owner and fencing token unchanged), and accepted
 * unchecked until then.
 */
public final class InMemoryCommandResults implements CommandResults, CommandResultSink {
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private volatile SessionLeases leases;

    /** Checks fenced publishes against {@code value} from now on. @return this */
    public InMemoryCommandResults fencedBy(SessionLeases value) {
        this.leases = value;
        return this;
    }

    @Override
    public boolean publish(CommandResult result, SessionLeases.Lease lease) {
        SessionLeases check = leases;
        if (check != null
                && check.current(lease.instanceId())
                        .filter(now -> now.owner().equals(lease.owner()) && now.fencingToken() == lease.fencingToken())
                        .isEmpty()) {
            return false;
        }
        publish(result);
        return true;
    }

    @Override
    public Pending expect(String requestId) {
        CompletableFuture<CommandResult> f = waiting.computeIfAbsent(requestId, k -> new CompletableFuture<>());
        return new Pending() {
            @Override
            public Optional<CommandResult> await(Duration timeout) {
                try {
                    return Optional.of(f.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    return Optional.empty();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                } catch (ExecutionException e) {
                    return Optional.empty();
                }
            }

            @Override
            public void close() {
                waiting.remove(requestId);
            }
        };
    }

    @Override
    public void publish(CommandResult result) {
        waiting.computeIfAbsent(result.requestId(), k -> new CompletableFuture<>())
                .complete(result);
    }
}
