package io.zapgate.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts DynamoDB calls made by every SDK client in the benchmark JVM (global interceptor). */
public final class CallCounter implements ExecutionInterceptor {
    static final AtomicLong DYNAMO_CALLS = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if ("DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            DYNAMO_CALLS.incrementAndGet();
        }
    }
}
