package io.zapgate.functions.events;

import java.util.Map;

/** Port: one HTTP POST of an event to a webhook URL. */
public interface WebhookSender {
    /** The receiver's status code; throws {@link java.io.IOException} when it could not be reached. */
    int post(String url, Map<String, String> headers, String body) throws java.io.IOException;
}
