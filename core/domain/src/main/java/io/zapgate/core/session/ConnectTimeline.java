package io.zapgate.core.session;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the time of one connect goes: a wall-clock timestamp (epoch microseconds) per {@link Stage}, keyed by the
 * connect's request id. The session host stamps its stages while it handles the command and writes them in the
 * results row ({@code stages}); the connect function adds its own and logs the whole timeline as one structured
 * line ({@code "connect timeline"}). Not thread-safe beyond {@link #stamp} (synchronised): a timeline belongs to one
 * request. Stages come from two machines on AWS, so cross-machine deltas include their clock skew.
 */
public final class ConnectTimeline {
    /** The stages of a connect, in the order they happen. */
    public enum Stage {
        /** The HTTP request reached the gateway ({@code requestContext.timeEpoch}, millisecond precision). */
        HTTP_IN("httpIn"),
        /** The connect command was accepted by SQS. */
        COMMAND_SENT("commandSent"),
        /** The session host started handling the command. */
        RECEIVED_BY_HOST("receivedByHost"),
        /** The session host holds the instance's lease (and built its client). */
        LEASE_TAKEN("leaseTaken"),
        /** The socket is being opened ({@code connecting} recorded; TCP, WebSocket upgrade and Noise follow). */
        SOCKET_OPEN("socketOpen"),
        /** The Noise handshake finished. */
        NOISE_DONE("noiseDone"),
        /** The client built the first QR code. */
        QR_READY("qrReady"),
        /** The session host issued the results row write (the row carries the stages up to here). */
        RESULT_WRITTEN("resultWritten"),
        /** The connect function saw the result (on the stream, or in the row as the fallback). */
        STREAM_SEEN("streamSeen"),
        /** The connect function built the HTTP response (PNG included). */
        HTTP_OUT("httpOut");

        private final String key;

        Stage(String key) {
            this.key = key;
        }

        /** The stage's name in logs and in the results row. */
        public String key() {
            return key;
        }
    }

    private final EnumMap<Stage, Long> at = new EnumMap<>(Stage.class);

    /**
     * Records {@code stage} now, by the wall clock (never the domain's clock, which tests may freeze), unless it is
     * recorded already.
     */
    public ConnectTimeline stamp(Stage stage) {
        return stamp(stage, Instant.now());
    }

    /** Records {@code stage} at {@code now} unless it is recorded already (the first time counts). */
    public synchronized ConnectTimeline stamp(Stage stage, Instant now) {
        at.putIfAbsent(stage, micros(now));
        return this;
    }

    /** Copies every stage of {@code other} not recorded here. */
    public synchronized ConnectTimeline merge(ConnectTimeline other) {
        if (other != null) {
            other.snapshot().forEach(at::putIfAbsent);
        }
        return this;
    }

    /** The stages recorded so far, in stage order, as epoch microseconds. */
    public synchronized Map<Stage, Long> snapshot() {
        return new EnumMap<>(at);
    }

    public synchronized boolean isEmpty() {
        return at.isEmpty();
    }

    /** {@code key=micros,key=micros} in stage order (the results row's {@code stages} attribute). */
    public synchronized String encode() {
        StringBuilder b = new StringBuilder();
        at.forEach((stage, micros) -> {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(stage.key()).append('=').append(micros);
        });
        return b.toString();
    }

    /** Reads {@link #encode()}'s form; unknown keys and malformed parts are skipped. Null or blank: empty. */
    public static ConnectTimeline decode(String text) {
        ConnectTimeline t = new ConnectTimeline();
        if (text == null || text.isBlank()) {
            return t;
        }
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = part.substring(0, eq);
            for (Stage s : Stage.values()) {
                if (s.key().equals(key)) {
                    try {
                        t.at.putIfAbsent(s, Long.parseLong(part.substring(eq + 1)));
                    } catch (NumberFormatException e) {
                        // skipped: a timeline is diagnostics, never a reason to fail a connect
                    }
                }
            }
        }
        return t;
    }

    /**
     * Log fields: {@code connectRequestId} (the command's request id; the API request's own is {@code requestId}), then per recorded stage its offset from the first recorded stage in
     * milliseconds (three decimals), then {@code totalMs}.
     */
    public synchronized Object[] logFields(String requestId) {
        Object[] out = new Object[2 + 2 * at.size() + 2];
        int i = 0;
        out[i++] = "connectRequestId";
        out[i++] = requestId;
        long first = at.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long last = first;
        for (Map.Entry<Stage, Long> e : at.entrySet()) {
            out[i++] = e.getKey().key();
            out[i++] = String.format(java.util.Locale.ROOT, "%.3f", (e.getValue() - first) / 1000.0);
            last = Math.max(last, e.getValue());
        }
        out[i++] = "totalMs";
        out[i] = String.format(java.util.Locale.ROOT, "%.3f", (last - first) / 1000.0);
        return out;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    @Override
    public String toString() {
        return "ConnectTimeline[" + encode() + "]";
    }
}
