package io.zapgate.wa.fake;

import static io.zapgate.wa.fake.HttpReplies.JSON;
import static io.zapgate.wa.fake.HttpReplies.ok;
import static io.zapgate.wa.fake.HttpReplies.param;

import com.fasterxml.jackson.databind.JsonNode;
import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.fake.HttpReplies.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ControlServer} actions that reach a linked companion: {@code POST /phone/call} and
 * {@code POST /phone/push}. The device is named by a JSON body {@code {"device":JID,…}}, a plain JID body, or
 * nothing (the first linked device); other settings come from the JSON body or the query string.
 */
final class PushHttp {
    /** At most this many stanzas per {@code /phone/push}. */
    static final int MAX_COUNT = 100;
    /** The device name that means "every linked companion that is logged in and active". */
    static final String ALL = "all";

    private PushHttp() {}

    /** {@code POST /phone/call[?video=true]}: answers {@code callId}, {@code device}, {@code video}. */
    static Reply call(FakePhone phone, String body, String query) {
        JsonNode json = json(body);
        Jid target = target(phone, json == null ? body : json.path("device").asText(""));
        boolean video = json == null
                ? "true".equals(param(query, "video"))
                : json.path("video").asBoolean(false);
        String callId = phone.callDevice(target, video);
        Reply reply = ok("callId", callId);
        reply.json().put("device", target.toString());
        reply.json().put("video", video);
        return reply;
    }

    /**
     * {@code POST /phone/push?kind=K[&count=N]}: pushes N (default 1) stanzas of {@link PushKind} K (default
     * {@code message}); answers {@code device}, {@code kind}, {@code ids} and {@code live} (false when queued for
     * the device's next login). Device {@code all}: N stanzas to every active companion
     * ({@link FakePhone#pushToActive}); answers {@code device}, {@code kind} and {@code pushed} (the total).
     */
    static Reply push(FakeWhatsApp fake, String body, String query) {
        JsonNode json = json(body);
        String device = json == null ? body : json.path("device").asText("");
        String kindName = json != null && json.has("kind") ? json.get("kind").asText() : param(query, "kind");
        PushKind kind = kindName == null ? PushKind.MESSAGE : PushKind.parse(kindName);
        String countText = json != null && json.has("count") ? json.get("count").asText() : param(query, "count");
        int count;
        try {
            count = countText == null ? 1 : Integer.parseInt(countText.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("count must be a number");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT);
        }
        if (device.equals(ALL)) {
            int pushed = 0;
            for (int i = 0; i < count; i++) {
                pushed += fake.phone().pushToActive(kind);
            }
            Reply reply = ok("device", ALL);
            reply.json().put("kind", kind.wireName());
            reply.json().put("pushed", pushed);
            return reply;
        }
        Jid target = target(fake.phone(), device);
        boolean live = fake.phone().linkedDevices().stream()
                .filter(d -> d.jid().equals(target))
                .anyMatch(d -> fake.isActive(d.device()));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node pushed = fake.phone().push(target, kind);
            ids.add(pushed.attr("id").orElseThrow());
        }
        Reply reply = ok("device", target.toString());
        reply.json().put("kind", kind.wireName());
        reply.json().put("ids", ids);
        reply.json().put("live", live);
        return reply;
    }

    private static JsonNode json(String body) {
        if (!body.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON body");
        }
    }

    private static Jid target(FakePhone phone, String device) {
        return device.isEmpty()
                ? phone.linkedDevices().stream()
                        .findFirst()
                        .map(LinkedDevice::jid)
                        .orElseThrow(() -> new IllegalStateException("no linked device"))
                : Jid.parse(device);
    }
}
