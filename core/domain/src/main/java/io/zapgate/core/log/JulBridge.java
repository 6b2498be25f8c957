package io.zapgate.core.log;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes java.util.logging (what the WhatsApp client library logs with, to stay dependency-free) into our
 * structured JSON lines, so one process writes one log format.
 */
public final class JulBridge extends Handler {
    private JulBridge() {}

    /** Replaces the root JUL handlers with this bridge; call once from a composition root. */
    public static void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.addHandler(new JulBridge());
        root.setLevel(
                switch (Log.threshold()) {
                    case DEBUG -> Level.FINE;
                    case INFO -> Level.INFO;
                    case WARN -> Level.WARNING;
                    case ERROR -> Level.SEVERE;
                });
    }

    @Override
    public void publish(LogRecord r) {
        String name = r.getLoggerName() == null ? "jul" : r.getLoggerName();
        Log log = Log.named(name.substring(name.lastIndexOf('.') + 1));
        String msg = r.getParameters() == null
                ? r.getMessage()
                : java.text.MessageFormat.format(r.getMessage(), r.getParameters());
        int level = r.getLevel().intValue();
        if (level >= Level.SEVERE.intValue()) {
            log.error(msg, r.getThrown());
        } else if (level >= Level.WARNING.intValue()) {
            log.warn(msg, r.getThrown());
        } else if (level >= Level.INFO.intValue()) {
            log.info(msg);
        } else {
            log.debug(msg);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
