package io.zapgate.core.instance;

/** The seven behaviour settings of an instance (`getSettings` / `settings`). */
public record Settings(
        boolean autoRejectCalls,
        String callRejectMessage,
        boolean ignoreGroupMessages,
        boolean keepOnlineStatus,
        boolean autoReadMessages,
        boolean disableHistorySync,
        boolean ignoreStatus) {

    /** Defaults of a new instance: everything off except {@code disableHistorySync}. */
    public static Settings defaults() {
        return new Settings(false, null, false, false, false, true, false);
    }
}
