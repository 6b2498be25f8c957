package io.zapgate.core.instance;

/** A partial update of {@link Settings}: null fields are left as they are. */
public record SettingsPatch(
        Boolean autoRejectCalls,
        String callRejectMessage,
        Boolean ignoreGroupMessages,
        Boolean keepOnlineStatus,
        Boolean autoReadMessages,
        Boolean disableHistorySync,
        Boolean ignoreStatus) {

    public boolean isEmpty() {
        return autoRejectCalls == null
                && callRejectMessage == null
                && ignoreGroupMessages == null
                && keepOnlineStatus == null
                && autoReadMessages == null
                && disableHistorySync == null
                && ignoreStatus == null;
    }

    public Settings applyTo(Settings s) {
        return new Settings(
                autoRejectCalls != null ? autoRejectCalls : s.autoRejectCalls(),
                callRejectMessage != null ? callRejectMessage : s.callRejectMessage(),
                ignoreGroupMessages != null ? ignoreGroupMessages : s.ignoreGroupMessages(),
                keepOnlineStatus != null ? keepOnlineStatus : s.keepOnlineStatus(),
                autoReadMessages != null ? autoReadMessages : s.autoReadMessages(),
                disableHistorySync != null ? disableHistorySync : s.disableHistorySync(),
                ignoreStatus != null ? ignoreStatus : s.ignoreStatus());
    }
}
