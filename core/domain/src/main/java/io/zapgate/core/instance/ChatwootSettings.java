package io.zapgate.core.instance;

/** The Chatwoot integration block. The API token is a secret: encrypted at rest, never listed. */
public record ChatwootSettings(
        boolean enabled,
        String baseUrl,
        Integer accountId,
        String apiToken,
        String inboxName,
        boolean signMessages,
        boolean ignoreGroups,
        boolean startAsPending,
        boolean reopenResolved) {

    public static ChatwootSettings disabled() {
        return new ChatwootSettings(false, null, null, null, null, false, false, false, false);
    }

    @Override
    public String toString() {
        return "ChatwootSettings[enabled=" + enabled + ", baseUrl=" + baseUrl + ", accountId=" + accountId
                + ", apiToken=" + (apiToken == null ? "null" : "***") + ", inboxName=" + inboxName + "]";
    }
}
