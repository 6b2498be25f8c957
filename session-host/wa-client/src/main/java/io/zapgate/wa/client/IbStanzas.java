package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.OfflineSyncCompleted;
import io.zapgate.wa.events.OfflineSyncPreview;
import io.zapgate.wa.events.QrScannedWithoutMultidevice;
import io.zapgate.wa.events.WaEvent;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's {@code <ib>} ("info broadcast") stanzas, which are never acknowledged (whatsmeow {@code
 * connectionevents.go} {@code handleIB}). Each child is looked at in order: {@code downgrade_webclient} →
 * {@link QrScannedWithoutMultidevice}; {@code offline_preview} → {@link OfflineSyncPreview}; {@code offline} →
 * {@link OfflineSyncCompleted}; {@code dirty} and anything else (e.g. {@code edge_routing}) → debug log only.
 */
final class IbStanzas {
    private static final System.Logger LOG = System.getLogger(IbStanzas.class.getName());

    private IbStanzas() {}

    /** @return the events {@code ib} stands for, in child order (often none) */
    static List<WaEvent> events(Node ib) {
        List<WaEvent> events = new ArrayList<>();
        for (Node child : ib.children()) {
            switch (child.tag()) {
                case "downgrade_webclient" -> events.add(new QrScannedWithoutMultidevice());
                case "offline_preview" ->
                    events.add(new OfflineSyncPreview(
                            count(child, "count"),
                            count(child, "appdata"),
                            count(child, "message"),
                            count(child, "notification"),
                            count(child, "receipt")));
                case "offline" -> events.add(new OfflineSyncCompleted(count(child, "count")));
                default -> LOG.log(Level.DEBUG, "ib <{0}> ignored", child.tag());
            }
        }
        return events;
    }

    private static int count(Node node, String attr) {
        return node.attr(attr).map(IqRequests::parseInt).orElse(0);
    }
}
