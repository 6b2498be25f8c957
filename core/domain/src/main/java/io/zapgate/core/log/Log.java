package io.zapgate.core.log;

import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured JSON logs, one object per line on stdout (what Lambda and ECS ship to CloudWatch). Context
 * such as {@code requestId} and {@code instance} is attached per thread with {@link #context}. Never pass
 * tokens, keys, phone numbers or QR contents at INFO or above.
 */
public final class Log {
    public enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    private static volatile Level threshold = Level.INFO;
    private static volatile PrintStream out = System.out;
    private static final ThreadLocal<Map<String, String>> CONTEXT = ThreadLocal.withInitial(LinkedHashMap::new);
    private final String logger;

    private Log(String logger) {
        this.logger = logger;
    }

    public static Log get(Class<?> type) {
        return new Log(type.getSimpleName());
    }

    /** A logger with a given name (for bridged loggers). */
    public static Log named(String name) {
        return new Log(name);
    }

    /** Set once by a composition root from configuration. */
    public static void configure(Level level, PrintStream stream) {
        threshold = level;
        out = stream;
    }

    public static Level threshold() {
        return threshold;
    }

    /** Adds a key to this thread's context until {@link #clearContext()}. */
    public static void context(String key, String value) {
        if (value == null) {
            CONTEXT.get().remove(key);
        } else {
            CONTEXT.get().put(key, value);
        }
    }

    public static void clearContext() {
        CONTEXT.get().clear();
    }

    public void debug(String msg, Object... kv) {
        write(Level.DEBUG, msg, null, kv);
    }

    public void info(String msg, Object... kv) {
        write(Level.INFO, msg, null, kv);
    }

    public void warn(String msg, Object... kv) {
        write(Level.WARN, msg, null, kv);
    }

    public void warn(String msg, Throwable t, Object... kv) {
        write(Level.WARN, msg, t, kv);
    }

    public void warn(String msg, Throwable t) {
        write(Level.WARN, msg, t, new Object[0]);
    }

    /** For bugs only: something our code did not expect. */
    public void error(String msg, Throwable t, Object... kv) {
        write(Level.ERROR, msg, t, kv);
    }

    private void write(Level level, String msg, Throwable t, Object[] kv) {
        if (level.ordinal() < threshold.ordinal()) {
            return;
        }
        StringBuilder sb = new StringBuilder(160);
        sb.append("{\"ts\":\"")
                .append(Instant.now())
                .append("\",\"level\":\"")
                .append(level)
                .append("\",\"logger\":");
        Json.quote(sb, logger);
        sb.append(",\"msg\":");
        Json.quote(sb, msg);
        for (Map.Entry<String, String> e : CONTEXT.get().entrySet()) {
            sb.append(',');
            Json.quote(sb, e.getKey());
            sb.append(':');
            Json.quote(sb, e.getValue());
        }
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(',');
            Json.quote(sb, String.valueOf(kv[i]));
            sb.append(':');
            Json.quote(sb, String.valueOf(kv[i + 1]));
        }
        if (t != null) {
            sb.append(",\"error\":");
            Json.quote(sb, t.toString());
            if (level == Level.ERROR) {
                sb.append(",\"stack\":");
                Json.quote(sb, Json.stackOf(t));
            }
        }
        sb.append('}');
        out.println(sb);
    }
}
