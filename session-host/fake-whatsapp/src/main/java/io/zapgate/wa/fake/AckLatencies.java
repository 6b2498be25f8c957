package io.zapgate.wa.fake;

import java.util.Map;
import java.util.TreeMap;

/**
 * Stanza → ack latencies as the fake server sees them (from handing a pushed stanza to the connection to reading
 * its right {@code <ack>}), in microseconds, bucketed log-linearly: values below 16 µs exactly, above that in
 * buckets at most 1/8 of their lower bound wide, each named by its upper bound. Percentiles are read as a
 * bucket's upper bound, so they overstate by at most 12.5 %; the maximum is exact. Histograms of several fakes
 * merge by adding counts ({@link #merge}). Not thread-safe: {@link DeliveryRecordings} guards it.
 */
public final class AckLatencies {
    private final TreeMap<Long, Long> buckets = new TreeMap<>();
    private long count;
    private long maxMicros;

    /** Records one latency. */
    void record(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        buckets.merge(upperBound(micros), 1L, Long::sum);
        count++;
        maxMicros = Math.max(maxMicros, micros);
    }

    /** The bucket a value falls in, named by its (inclusive) upper bound. */
    static long upperBound(long micros) {
        if (micros < 16) {
            return micros;
        }
        int shift = 63 - Long.numberOfLeadingZeros(micros) - 3;
        long width = 1L << shift;
        return ((micros + width - 1) >> shift) << shift;
    }

    /** An empty histogram. */
    public static AckLatencies empty() {
        return new AckLatencies();
    }

    /** Builds one from {@link #buckets()} and {@link #maxMicros()} (e.g. read back from {@code /phone/stats}). */
    public static AckLatencies of(Map<Long, Long> buckets, long maxMicros) {
        AckLatencies h = new AckLatencies();
        buckets.forEach((upper, n) -> {
            h.buckets.merge(upper, n, Long::sum);
            h.count += n;
        });
        h.maxMicros = maxMicros;
        return h;
    }

    /** A copy. */
    AckLatencies copy() {
        return of(buckets, maxMicros);
    }

    /** This plus {@code other}, a new histogram. */
    public AckLatencies merge(AckLatencies other) {
        AckLatencies h = copy();
        other.buckets.forEach((upper, n) -> h.buckets.merge(upper, n, Long::sum));
        h.count += other.count;
        h.maxMicros = Math.max(maxMicros, other.maxMicros);
        return h;
    }

    /**
     * What was recorded after {@code earlier} (an older snapshot of the same histogram): counts subtracted; the
     * maximum stays this one's (an upper bound for the window).
     */
    public AckLatencies since(AckLatencies earlier) {
        AckLatencies h = copy();
        earlier.buckets.forEach((upper, n) -> {
            long left = h.buckets.getOrDefault(upper, 0L) - n;
            if (left <= 0) {
                h.buckets.remove(upper);
            } else {
                h.buckets.put(upper, left);
            }
        });
        h.count = h.buckets.values().stream().mapToLong(Long::longValue).sum();
        return h;
    }

    /** How many latencies. */
    public long count() {
        return count;
    }

    /** The largest latency (µs), 0 when empty. */
    public long maxMicros() {
        return maxMicros;
    }

    /** Bucket upper bound (µs) → count, ascending. */
    public Map<Long, Long> buckets() {
        return new TreeMap<>(buckets);
    }

    /**
     * The upper bound (µs) of the bucket holding the {@code q}-quantile (0 &lt; q ≤ 1), never above
     * {@link #maxMicros()}; 0 when empty.
     */
    public long percentileMicros(double q) {
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("q must be in (0, 1]");
        }
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (Map.Entry<Long, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return Math.min(e.getKey(), maxMicros);
            }
        }
        return 0;
    }
}
