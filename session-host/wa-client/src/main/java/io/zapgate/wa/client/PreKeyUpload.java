package io.zapgate.wa.client;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.Curve25519;
import io.zapgate.wa.crypto.PreKey;
import io.zapgate.wa.crypto.RegistrationId;
import io.zapgate.wa.store.Device;
import io.zapgate.wa.store.PreKeyStore;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps enough one-time pre-keys on the server (spec §6.2; whatsmeow {@code prekeys.go}): asks for the
 * server's count and uploads 812 keys on the first login after pairing, 50 whenever the server or local count
 * is below 5; {@link Notifications} uploads 50 when the server reports a low count by itself. Uploads of one
 * client run one at a time (whatsmeow {@code uploadPreKeysLock}), so two never claim the same key ids. Blocks
 * while waiting for the IQ answers: call it on a virtual thread.
 */
final class PreKeyUpload {
    /** Below this many keys on the server, upload more (whatsmeow {@code prekeys.go} {@code MinPreKeyCount}). */
    static final int MIN_COUNT = 5;
    /** Keys per top-up (whatsmeow {@code prekeys.go} {@code WantedPreKeyCount}). */
    static final int WANTED_COUNT = 50;
    /** Keys of the first upload after pairing (whatsmeow {@code uploadPreKeys} with {@code initialUpload}). */
    static final int INITIAL_COUNT = 812;

    private static final System.Logger LOG = System.getLogger(PreKeyUpload.class.getName());

    private PreKeyUpload() {}

    /** @return how many keys were uploaded (0 if the server had enough) */
    static int ensure(ClientCore core, Link link) {
        Node answer =
                core.iq.query(link, "encrypt", "get", List.of(Node.of("count"))).join();
        int serverCount = answer.child("count")
                .flatMap(n -> n.attr("value"))
                .map(IqRequests::parseInt)
                .orElse(0);
        PreKeyStore store = core.preKeyStore;
        int uploaded = store.uploadedCount();
        if (serverCount >= MIN_COUNT && uploaded >= MIN_COUNT) {
            return 0;
        }
        int count = serverCount == 0 && uploaded == 0 ? INITIAL_COUNT : WANTED_COUNT;
        LOG.log(
                Level.INFO,
                "server has {0} pre-keys, {1} marked uploaded here; uploading {2}",
                serverCount,
                uploaded,
                count);
        return upload(core, link, count);
    }

    /**
     * Uploads {@code count} fresh keys without asking the server first ({@code <iq xmlns="encrypt" type="set">})
     * and marks them uploaded once the server accepted them.
     *
     * @return how many keys were uploaded
     * @throws java.util.concurrent.CompletionException if the server refused or the connection closed
     */
    static int upload(ClientCore core, Link link, int count) {
        core.preKeyUploadLock.lock();
        try {
            PreKeyStore store = core.preKeyStore;
            List<PreKey> keys = store.getOrGeneratePreKeys(count);
            core.iq
                    .query(link, "encrypt", "set", uploadNodes(core.device(), keys))
                    .join();
            store.markUploaded(keys.get(keys.size() - 1).id());
            LOG.log(Level.INFO, "uploaded {0} pre-keys", keys.size());
            return keys.size();
        } finally {
            core.preKeyUploadLock.unlock();
        }
    }

    static List<Node> uploadNodes(Device device, List<PreKey> keys) {
        List<Node> list = new ArrayList<>(keys.size());
        for (PreKey key : keys) {
            list.add(Node.builder("key")
                    .children(
                            bytes("id", key.idBytes()),
                            bytes("value", key.keyPair().publicKey()))
                    .build());
        }
        var spk = device.signedPreKey();
        return List.of(
                bytes("registration", new RegistrationId(device.registrationId()).toBytes()),
                bytes("type", new byte[] {Curve25519.DJB_TYPE}),
                bytes("identity", device.identityKey().publicKey()),
                Node.builder("list").children(list).build(),
                Node.builder("skey")
                        .children(
                                bytes("id", spk.idBytes()),
                                bytes("value", spk.keyPair().publicKey()),
                                bytes("signature", spk.signature()))
                        .build());
    }

    private static Node bytes(String tag, byte[] content) {
        return Node.builder(tag).content(content).build();
    }
}
