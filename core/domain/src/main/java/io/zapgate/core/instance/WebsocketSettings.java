package io.zapgate.core.instance;

import java.util.List;

/** Whether events are streamed over the WebSocket endpoint, and which. */
public record WebsocketSettings(boolean enabled, List<String> events, boolean mediaBase64) {
    public WebsocketSettings {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public static WebsocketSettings disabled() {
        return new WebsocketSettings(false, List.of(), false);
    }
}
