package io.zapgate.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The tests' AWS SDK fault interceptor. Inert until told otherwise; it can:
 *
 * <ul>
 *   <li>inject faults into a chosen share of DynamoDB and SQS call attempts ({@link #enable}): per attempt, with
 *       probability {@code share}, one of three faults chosen evenly: <b>refused</b> (the attempt fails before it
 *       is sent, as a reset connection: an {@link IOException}), <b>throttled</b> (the request is processed, the
 *       answer replaced by a 400 throttling error: {@code ProvisionedThroughputExceededException} / SQS
 *       {@code ThrottlingException}) or <b>lost</b> (processed, the answer replaced by a 500: the caller cannot
 *       know whether its write happened). The SDK retries them as it would on AWS. DynamoDB Streams calls are
 *       left alone;
 *   <li>lose the answer of one chosen request ({@link #loseNext}): processed, answered with a 500 (then retried);
 *   <li>cut a table off ({@link #cutOff}): every call naming it fails before it is sent (not retried);
 *   <li>count the calls per operation ({@link #count}).
 * </ul>
 *
 * <p>Per client: {@code overrideConfiguration(o -> o.addExecutionInterceptor(new FaultInjector()))}. For every
 * client of the JVM: list {@link Global} in a {@code software/amazon/awssdk/global/handlers/execution.interceptors}
 * resource and drive {@link #GLOBAL}.
 */
public final class FaultInjector implements ExecutionInterceptor {
    /** The state every {@link Global} interceptor (registered by resource) shares. */
    public static final FaultInjector GLOBAL = new FaultInjector();

    /** The form the SDK instantiates from the global interceptors resource: delegates to {@link #GLOBAL}. */
    public static final class Global implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            GLOBAL.beforeExecution(context, attributes);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            GLOBAL.beforeTransmission(context, attributes);
        }

        @Override
        public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            return GLOBAL.modifyHttpResponse(context, attributes);
        }

        @Override
        public Optional<java.io.InputStream> modifyHttpResponseContent(
                Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            return GLOBAL.modifyHttpResponseContent(context, attributes);
        }
    }

    private static final ExecutionAttribute<String> FAULT = new ExecutionAttribute<>("zapgate.fault");
    private static final Set<String> TARGETED = Set.of("DynamoDb", "Sqs");

    private volatile double rate;
    private Random random = new Random(0);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final Set<String> cutOff = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Predicate<SdkRequest>> loseNext =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** Starts injecting into {@code share} (0..1) of the DynamoDB/SQS attempts, seeded; resets the fault counts. */
    public synchronized void enable(double share, long seed) {
        random = new Random(seed);
        refused.set(0);
        throttled.set(0);
        lost.set(0);
        attempts.set(0);
        rate = share;
    }

    /** Stops injecting random faults. */
    public void disable() {
        rate = 0;
    }

    /** {@code attempts refused/throttled/lost} since {@link #enable}. */
    public String summary() {
        return attempts.get() + " attempts: " + refused.get() + " refused, " + throttled.get() + " throttled, "
                + lost.get() + " lost";
    }

    /** Faults injected since {@link #enable}. */
    public long injected() {
        return refused.get() + throttled.get() + lost.get();
    }

    /**
     * The next attempt whose request {@code which} accepts is processed but its answer lost (a 500, as
     * "lost" above); once. {@link #lostPending} tells whether it has not happened yet.
     */
    public void loseNext(java.util.function.Predicate<SdkRequest> which) {
        loseNext.set(which);
    }

    /** Whether the {@link #loseNext} request has not been met yet. */
    public boolean lostPending() {
        return loseNext.get() != null;
    }

    /** Every call naming {@code table} fails before it is sent ({@code down}), or works again. */
    public void cutOff(String table, boolean down) {
        if (down) {
            cutOff.add(table);
        } else {
            cutOff.remove(table);
        }
    }

    /** Calls (not attempts) of {@code operation} (e.g. {@code Query}) made through this interceptor. */
    public int count(String operation) {
        AtomicInteger n = calls.get(operation);
        return n == null ? 0 : n.get();
    }

    private synchronized String draw() {
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
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(op, o -> new AtomicInteger()).incrementAndGet();
        if (!cutOff.isEmpty()
                && context.request()
                        .getValueForField("TableName", String.class)
                        .map(cutOff::contains)
                        .orElse(false)) {
            throw SdkClientException.create("injected: table unreachable");
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(FAULT, "");
        java.util.function.Predicate<SdkRequest> lose = loseNext.get();
        if (lose != null && lose.test(context.request()) && loseNext.compareAndSet(lose, null)) {
            attributes.putAttribute(FAULT, "lost");
            return;
        }
        if (rate <= 0 || !TARGETED.contains(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            return;
        }
        attempts.incrementAndGet();
        String fault = draw();
        if (fault == null) {
            return;
        }
        if (fault.equals("refused")) {
            refused.incrementAndGet();
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
        boolean isThrottled = fault.equals("throttled");
        (isThrottled ? throttled : lost).incrementAndGet();
        return context.httpResponse().toBuilder()
                .statusCode(isThrottled ? 400 : 500)
                .statusText(isThrottled ? "Bad Request" : "Internal Server Error")
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
