package io.zapgate.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Injects faults into a chosen share of DynamoDB and SQS calls of every SDK client in the test JVM (registered
 * globally, inert until {@link #enable}). Per attempt, with probability {@code rate}, one of three faults, chosen
 * evenly:
 * <ul>
 *   <li><b>refused</b>: the attempt fails before it is sent (as a reset connection: an {@link IOException});</li>
 *   <li><b>throttled</b>: the request is processed, but the answer is replaced by a 400 throttling error
 *       ({@code ProvisionedThroughputExceededException} / SQS {@code ThrottlingException});</li>
 *   <li><b>lost</b>: the request is processed, but the answer is replaced by a 500 (the caller cannot know
 *       whether its write happened).</li>
 * </ul>
 * The SDK retries all three as it would on AWS; what reaches the code is what AWS would show after its retries.
 * DynamoDB Streams calls are left alone (a stream reader's failure is a different test).
 */
public final class FaultInjector implements ExecutionInterceptor {
    private static volatile double rate;
    private static volatile Random random = new Random(0);
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final AtomicLong THROTTLED = new AtomicLong();
    private static final AtomicLong LOST = new AtomicLong();
    private static final AtomicLong ATTEMPTS = new AtomicLong();

    private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<String> FAULT =
            new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("zapgate.fault");

    /** Starts injecting into {@code share} (0..1) of the attempts, seeded. */
    static synchronized void enable(double share, long seed) {
        random = new Random(seed);
        REFUSED.set(0);
        THROTTLED.set(0);
        LOST.set(0);
        ATTEMPTS.set(0);
        rate = share;
    }

    /** Stops injecting. */
    static void disable() {
        rate = 0;
    }

    /** {@code attempts refused/throttled/lost} since {@link #enable}. */
    static String summary() {
        return ATTEMPTS.get() + " attempts: " + REFUSED.get() + " refused, " + THROTTLED.get() + " throttled, "
                + LOST.get() + " lost";
    }

    static long injected() {
        return REFUSED.get() + THROTTLED.get() + LOST.get();
    }

    private static boolean targeted(ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        return "DynamoDb".equals(service) || "Sqs".equals(service);
    }

    private static synchronized String draw() {
        if (rate <= 0 || random.nextDouble() >= rate) {
            return null;
        }
        return switch (random.nextInt(3)) {
            case 0 -> "refused";
            case 1 -> "throttled";
            default -> "lost";
        };
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(FAULT, "");
        if (rate <= 0 || !targeted(attributes)) {
            return;
        }
        ATTEMPTS.incrementAndGet();
        String fault = draw();
        if (fault == null) {
            return;
        }
        if (fault.equals("refused")) {
            REFUSED.incrementAndGet();
            throw SdkClientException.create(
                    "injected fault: connection reset", new IOException("injected: connection reset"));
        }
        attributes.putAttribute(FAULT, fault);
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String fault = attributes.getAttribute(FAULT);
        if (fault == null || fault.isEmpty()) {
            return context.httpResponse();
        }
        boolean throttled = fault.equals("throttled");
        (throttled ? THROTTLED : LOST).incrementAndGet();
        return context.httpResponse().toBuilder()
                .statusCode(throttled ? 400 : 500)
                .statusText(throttled ? "Bad Request" : "Internal Server Error")
                .build();
    }

    @Override
    public Optional<java.io.InputStream> modifyHttpResponseContent(
            Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        String fault = attributes.getAttribute(FAULT);
        if (fault == null || fault.isEmpty()) {
            return context.responseBody();
        }
        attributes.putAttribute(FAULT, "");
        boolean dynamo = "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        String body;
        if (fault.equals("throttled")) {
            body = dynamo
                    ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                            + "\"message\":\"injected throttling\"}"
                    : "{\"__type\":\"ThrottlingException\",\"message\":\"injected throttling\"}";
        } else {
            body = dynamo
                    ? "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
                            + "\"message\":\"injected: response lost\"}"
                    : "{\"__type\":\"InternalFailure\",\"message\":\"injected: response lost\"}";
        }
        return Optional.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }
}
