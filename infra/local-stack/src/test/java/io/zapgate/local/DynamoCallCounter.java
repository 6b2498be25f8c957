package io.zapgate.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts DynamoDB API calls per operation (registered globally for the tests' SDK clients). */
public final class DynamoCallCounter implements ExecutionInterceptor {
    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if ("DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            COUNTS.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
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
}
