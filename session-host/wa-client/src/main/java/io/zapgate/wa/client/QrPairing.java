package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.events.QrCode;
import io.zapgate.wa.events.QrTimeout;
import io.zapgate.wa.store.Device;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * QR linking (whatsmeow {@code pair.go} {@code handlePairDevice}, {@code qrchan.go}; spec §4.1): acknowledges
 * {@code pair-device}, turns each ref into a QR string and shows them one after another on the client's
 * clock: the first for 60 s, each later one for 20 s; when the last expires it emits {@link QrTimeout} and
 * closes the connection without reconnecting. All methods run on the inbound queue.
 */
final class QrPairing {
    /** Prefix of the current QR format (whatsmeow 876de1e9, May 2026). */
    static final String QR_PREFIX = "https://wa.me/settings/linked_devices#";

    private static final System.Logger LOG = System.getLogger(QrPairing.class.getName());

    private final ClientCore core;
    private List<String> codes = List.of();
    private int index;
    private long generation;
    private TaskScheduler.Cancellable timer;

    QrPairing(ClientCore core) {
        this.core = core;
    }

    void onPairDevice(Link link, Node iq) {
        link.send(Node.builder("iq")
                .attr("to", Jid.SERVER_JID)
                .attr("id", iq.attr("id").orElse(""))
                .attr("type", "result")
                .build());
        Device device = core.device();
        List<String> fresh = new ArrayList<>();
        for (Node ref : iq.children().get(0).children("ref")) {
            ref.contentString().ifPresent(text -> fresh.add(qrString(text, device, core.options.profile())));
        }
        LOG.log(Level.DEBUG, "pair-device with {0} refs", fresh.size());
        stop();
        codes = List.copyOf(fresh);
        index = 0;
        showCurrent(link, generation);
    }

    /** Stops the rotation (pair-success, closed link). */
    void stop() {
        generation++;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        codes = List.of();
    }

    private void showCurrent(Link link, long gen) {
        if (gen != generation) {
            return;
        }
        if (index >= codes.size()) {
            LOG.log(Level.INFO, "QR codes exhausted without a scan");
            stop();
            core.emit(new QrTimeout());
            link.close(true);
            return;
        }
        Duration ttl = index == 0 ? core.options.qrFirstTimeout() : core.options.qrNextTimeout();
        Instant expiresAt = core.clock().instant().plus(ttl);
        core.emit(new QrCode(codes.get(index), expiresAt));
        timer = core.scheduler()
                .schedule(
                        ttl,
                        () -> core.inbound.execute(() -> {
                            if (gen == generation) {
                                index++;
                                showCurrent(link, gen);
                            }
                        }));
    }

    /** {@code https://wa.me/settings/linked_devices#ref,B64(noise),B64(identity),B64(adv),clientType}. */
    static String qrString(String ref, Device device, ClientProfile profile) {
        Base64.Encoder b64 = Base64.getEncoder();
        return QR_PREFIX
                + String.join(
                        ",",
                        ref,
                        b64.encodeToString(device.noiseKey().publicKey()),
                        b64.encodeToString(device.identityKey().publicKey()),
                        b64.encodeToString(device.advSecretKey()),
                        profile.clientType());
    }
}
