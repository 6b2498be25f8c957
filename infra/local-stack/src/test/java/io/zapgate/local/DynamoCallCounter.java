package io.zapgate.local;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts DynamoDB API calls per operation (registered globally for the tests' SDK clients) and keeps the
 * most recent requests, so a test can check what was asked (a table, a consistent read).
 */
public final class DynamoCallCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    private static final int KEPT = 2_000;
    private static final Deque<SdkRequest> RECENT = new ArrayDeque<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if ("DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            COUNTS.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
            synchronized (RECENT) {
                RECENT.addLast(context.request());
                if (RECENT.size() > KEPT) {
                    RECENT.removeFirst();
                }
            }
        }
    }

    static long total() {
        return COUNTS.values().stream().mapToLong(AtomicLong::get).sum();
    }

    static Map<String, Long> snapshot() {
        Map<String, Long> out = new java.util.TreeMap<>();
        COUNTS.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The last {@code n} DynamoDB requests, oldest first. */
    static List<SdkRequest> last(int n) {
        synchronized (RECENT) {
            List<SdkRequest> all = List.copyOf(RECENT);
            return all.subList(Math.max(0, all.size() - n), all.size());
        }
    }
}
