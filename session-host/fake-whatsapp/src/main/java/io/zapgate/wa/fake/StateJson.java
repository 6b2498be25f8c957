package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.proto.DeviceProps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code GET /phone/state} document: recordings and linked devices as plain JSON-ready maps. */
final class StateJson {
    private StateJson() {}

    static Map<String, Object> of(FakeWhatsApp fake) {
        Recordings r = fake.recordings();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("phoneNumber", fake.phone().phoneNumber());
        state.put("wsUrl", fake.wsUrl().toString());
        state.put("rootPublicKey", fake.rootPublicKeyHex());
        state.put("connectionCount", r.connectionCount());
        state.put("registrationCount", r.registrationCount());
        state.put("loginCount", r.loginCount());
        state.put(
                "linkedDevices",
                fake.phone().linkedDevices().stream().map(StateJson::device).toList());
        state.put("pairings", r.pairings().stream().map(StateJson::device).toList());
        state.put("deviceProps", r.lastDeviceProps().map(StateJson::deviceProps).orElse(null));
        state.put("historyDays", r.historyDays().isPresent() ? r.historyDays().getAsInt() : null);
        state.put("requireFullSync", r.requireFullSync());
        state.put("presences", strings(r.presences()));
        state.put("logoutSeen", r.logoutSeen());
        state.put("logouts", r.logouts().stream().map(Object::toString).toList());
        state.put("iqCount", r.iqCount());
        state.put("iqs", r.iqs().stream().map(StateJson::iq).toList());
        state.put("lastPreKeyUpload", r.lastPreKeyUpload());
        state.put("sentErrors", strings(r.sentErrors()));
        state.put("callRejects", r.callRejects());
        state.putAll(delivery(fake));
        state.put(
                "versionRefusalCount",
                r.sentErrors().stream()
                        .filter(n -> n.tag().equals("failure")
                                && n.attr("reason").filter("405"::equals).isPresent())
                        .count());
        state.put("minimumVersion", fake.minimumVersion().toString());
        state.put("currentVersion", fake.currentVersion().toString());
        return state;
    }

    /**
     * The {@code GET /phone/stats} document: counters only (no lists), cheap to read often and at any size —
     * connections, logins, IQs, active companions, delivery counters and the stanza → ack latency histogram.
     */
    static Map<String, Object> stats(FakeWhatsApp fake) {
        Recordings r = fake.recordings();
        DeliveryRecordings d = r.delivery();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionCount", r.connectionCount());
        m.put("loginCount", r.loginCount());
        m.put("iqCount", r.iqCount());
        m.put("linkedDevices", fake.phone().linkedDevices().size());
        m.put(
                "activeDevices",
                fake.phone().linkedDevices().stream()
                        .filter(dev -> fake.isActive(dev.device()))
                        .count());
        m.put("pushedCount", d.pushedCount());
        m.put("redeliveredCount", d.redeliveredCount());
        m.put("offlineBurstCount", d.offlineBurstCount());
        m.put("acksOk", d.acksOk());
        m.put("acksWrongCount", d.acksWrong().size());
        m.put("ackDeadlineChecks", d.ackDeadlineChecks());
        m.put("ackStreamErrorCount", d.ackStreamErrors().size());
        m.put("ackLatency", latency(d.ackLatencies()));
        return m;
    }

    /** {@code {count, p50Micros, p99Micros, maxMicros, buckets: {upperMicros: count}}}. */
    private static Map<String, Object> latency(AckLatencies h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.count());
        m.put("p50Micros", h.percentileMicros(0.5));
        m.put("p99Micros", h.percentileMicros(0.99));
        m.put("maxMicros", h.maxMicros());
        Map<String, Long> buckets = new LinkedHashMap<>();
        h.buckets().forEach((upper, n) -> buckets.put(String.valueOf(upper), n));
        m.put("buckets", buckets);
        return m;
    }

    /** Pushed stanzas, acks (ok / wrong with reasons), ack stream errors, offline queues. */
    private static Map<String, Object> delivery(FakeWhatsApp fake) {
        DeliveryRecordings d = fake.recordings().delivery();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pushedCount", d.pushedCount());
        m.put("pushed", d.pushed().stream().map(StateJson::pushed).toList());
        m.put("offlineBurstCount", d.offlineBurstCount());
        m.put("redeliveredCount", d.redeliveredCount());
        m.put("acksOk", d.acksOk());
        m.put(
                "acksWrong",
                d.acksWrong().stream()
                        .map(a -> Map.of("id", a.id(), "tag", a.stanzaTag(), "reason", a.reason()))
                        .toList());
        m.put("ackDeadlineChecks", d.ackDeadlineChecks());
        m.put("ackStreamErrors", d.ackStreamErrors());
        m.put("ackLatency", latency(d.ackLatencies()));
        m.put("offlineQueued", fake.offlineQueueSizes());
        return m;
    }

    private static Map<String, Object> pushed(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tag", n.tag());
        for (String key : List.of("id", "from", "participant", "type")) {
            n.attr(key).ifPresent(v -> m.put(key, v));
        }
        return m;
    }

    static Map<String, Object> device(LinkedDevice d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jid", d.jid().toString());
        m.put("lid", d.lid().toString());
        m.put("keyIndex", d.keyIndex());
        m.put("linkedAt", d.linkedAt().toString());
        return m;
    }

    private static Map<String, Object> deviceProps(DeviceProps p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("os", p.getOs());
        m.put("platformType", p.getPlatformType().name());
        m.put("requireFullSync", p.getRequireFullSync());
        DeviceProps.HistorySyncConfig h = p.getHistorySyncConfig();
        m.put("fullSyncDaysLimit", h.hasFullSyncDaysLimit() ? h.getFullSyncDaysLimit() : null);
        m.put("fullSyncSizeMbLimit", h.hasFullSyncSizeMbLimit() ? h.getFullSyncSizeMbLimit() : null);
        m.put("recentSyncDaysLimit", h.hasRecentSyncDaysLimit() ? h.getRecentSyncDaysLimit() : null);
        m.put("storageQuotaMb", h.hasStorageQuotaMb() ? h.getStorageQuotaMb() : null);
        return m;
    }

    /** An IQ summarized (a pre-key upload holds 800+ children; only its shape matters here). */
    private static Map<String, Object> iq(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        n.attrs().forEach((k, v) -> m.put(k, v.toString()));
        m.put("children", n.children().stream().map(Node::tag).toList());
        return m;
    }

    private static List<String> strings(List<Node> nodes) {
        return nodes.stream().map(Node::toString).toList();
    }
}
