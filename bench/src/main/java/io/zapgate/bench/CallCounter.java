package io.zapgate.bench;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Counts DynamoDB calls made by every SDK client in the benchmark JVM (global interceptor). */
public final class CallCounter implements ExecutionInterceptor {
    static final AtomicLong DYNAMO_CALLS = new AtomicLong();
    static final AtomicLong STREAM_READS = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        if ("DynamoDb".equals(service)) {
            DYNAMO_CALLS.incrementAndGet();
        } else if ("DynamoDbStreams".equals(service)
                && "GetRecords".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            STREAM_READS.incrementAndGet();
        }
    }
}
