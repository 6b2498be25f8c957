package io.zapgate.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS SDK calls of every client in the JVM per service and operation, and keeps each service's most
 * recent requests, so a test (or a benchmark) can check how many calls a path made and what was asked.
 *
 * <p>The SDK creates it from a {@code software/amazon/awssdk/global/handlers/execution.interceptors} resource
 * that lists this class; the module that wants the counts ships that resource (this one does not, so using the
 * module registers nothing by itself). The counts are static: every client instance shares them.
 */
public final class SdkCallCounter implements ExecutionInterceptor {
    private static final Map<String, Map<String, AtomicLong>> COUNTS = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, AtomicLong>> BY_TARGET = new ConcurrentHashMap<>();
    private static final int KEPT = 2_000;
    private static final Map<String, Deque<SdkRequest>> RECENT = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        COUNTS.computeIfAbsent(service, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(op, k -> new AtomicLong())
                .incrementAndGet();
        BY_TARGET
                .computeIfAbsent(service, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(op + " " + target(context.request()), k -> new AtomicLong())
                .incrementAndGet();
        Deque<SdkRequest> recent = RECENT.computeIfAbsent(service, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(context.request());
            if (recent.size() > KEPT) {
                recent.removeFirst();
            }
        }
    }

    /** All calls made to {@code service} (the SDK's service name, e.g. {@code DynamoDb}) so far. */
    public static long total(String service) {
        return snapshot(service).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The calls made to one operation of {@code service} so far. */
    public static long count(String service, String operation) {
        return snapshot(service).getOrDefault(operation, 0L);
    }

    /** The calls made to {@code service} so far, per operation name, sorted by name. */
    public static Map<String, Long> snapshot(String service) {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.getOrDefault(service, Map.of()).forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /**
     * The calls made to {@code service} so far, per {@code "<operation> <target>"}, where the target is the
     * request's table name or the last segment of its queue URL ({@code -} when it names neither, e.g. a
     * transaction), sorted.
     */
    public static Map<String, Long> snapshotByTarget(String service) {
        Map<String, Long> out = new TreeMap<>();
        BY_TARGET.getOrDefault(service, Map.of()).forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    private static String target(SdkRequest request) {
        return request.getValueForField("TableName", String.class)
                .or(() -> request.getValueForField("QueueUrl", String.class)
                        .map(url -> url.substring(url.lastIndexOf('/') + 1)))
                .orElse("-");
    }

    /** The last {@code n} requests made to {@code service} (at most the last 2,000 are kept), oldest first. */
    public static List<SdkRequest> last(String service, int n) {
        Deque<SdkRequest> recent = RECENT.get(service);
        if (recent == null) {
            return List.of();
        }
        synchronized (recent) {
            List<SdkRequest> all = List.copyOf(recent);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }
}
