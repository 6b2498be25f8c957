package io.zapgate.wa.client;

import io.zapgate.wa.binary.Jid;
import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyPair;
import io.zapgate.wa.events.PairingCode;
import io.zapgate.wa.store.Device;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Linking with a phone number and an 8-character code (spec §5; whatsmeow {@code pair-code.go}):
 * companion_hello → (server result with the pairing ref) → {@link PairingCode} → primary_hello notification →
 * companion_finish, which replaces the adv secret; the pair-success that follows is the QR one. PBKDF2 runs on
 * the executor's virtual threads.
 */
final class PairCodeFlow {
    private static final System.Logger LOG = System.getLogger(PairCodeFlow.class.getName());

    private final ClientCore core;
    private final SecureRandom random = new SecureRandom();
    private volatile Pending pending;

    private record Pending(String code, KeyPair ephemeral, byte[] ref, Jid phone) {}

    PairCodeFlow(ClientCore core) {
        this.core = core;
    }

    /** Sends companion_hello for {@code phone}; completes with the code as {@code ABCD-EFGH}. */
    CompletableFuture<String> request(String phone, boolean showPushNotification) {
        Jid phoneJid = Jid.of(normalizePhone(phone), Jid.DEFAULT_USER_SERVER);
        Link link = core.link();
        if (link == null || !link.isOpen() || core.device().isPaired()) {
            return CompletableFuture.failedFuture(new IllegalStateException("need an open, unpaired connection"));
        }
        return CompletableFuture.supplyAsync(() -> hello(link, phoneJid, showPushNotification), core.executor());
    }

    private String hello(Link link, Jid phone, boolean push) {
        String code = PairCodeCrypto.newCode(random);
        KeyPair ephemeral = KeyPair.generate(random);
        byte[] wrapped = PairCodeCrypto.wrap(code, ephemeral.publicKey(), random);
        ClientProfile profile = core.options.profile();
        Node reg = Node.builder("link_code_companion_reg")
                .attr("jid", phone)
                .attr("stage", "companion_hello")
                .attr("should_show_push_notification", String.valueOf(push))
                .children(
                        bytes("link_code_pairing_wrapped_companion_ephemeral_pub", wrapped),
                        bytes(
                                "companion_server_auth_key_pub",
                                core.device().noiseKey().publicKey()),
                        text("companion_platform_id", profile.clientType()),
                        text("companion_platform_display", profile.platformDisplay()),
                        bytes("link_code_pairing_nonce", new byte[] {0}))
                .build();
        Node answer = core.iq.query(link, "md", "set", List.of(reg)).join();
        byte[] ref = answer.child("link_code_companion_reg")
                .flatMap(n -> n.child("link_code_pairing_ref"))
                .flatMap(Node::contentBytes)
                .orElseThrow(() -> new CompletionException(new IllegalStateException("no pairing ref in answer")));
        pending = new Pending(code, ephemeral, ref, phone);
        String shown = PairCodeCrypto.display(code);
        core.emit(new PairingCode(shown));
        return shown;
    }

    /** The primary_hello notification (already acknowledged); runs the finish step on a virtual thread. */
    void onNotification(Link link, Node notification) {
        Pending state = pending;
        Node reg = notification.child("link_code_companion_reg").orElse(null);
        if (state == null || reg == null) {
            LOG.log(Level.DEBUG, "pairing-code notification without a pending request");
            return;
        }
        core.executor().execute(() -> finish(link, state, reg));
    }

    private void finish(Link link, Pending state, Node reg) {
        try {
            byte[] ref = reg.child("link_code_pairing_ref")
                    .flatMap(Node::contentBytes)
                    .orElse(new byte[0]);
            byte[] wrapped = reg.child("link_code_pairing_wrapped_primary_ephemeral_pub")
                    .flatMap(Node::contentBytes)
                    .orElse(new byte[0]);
            byte[] primaryIdentity = reg.child("primary_identity_pub")
                    .flatMap(Node::contentBytes)
                    .orElse(new byte[0]);
            if (!MessageDigest.isEqual(ref, state.ref())
                    || wrapped.length < PairCodeCrypto.WRAPPED_LENGTH
                    || primaryIdentity.length != 32) {
                LOG.log(Level.WARNING, "primary_hello does not match the pending pairing code request");
                return;
            }
            byte[] primaryEphemeral = PairCodeCrypto.unwrap(state.code(), wrapped);
            Device device = core.device();
            var result = PairCodeCrypto.finish(
                    state.ephemeral(), device.identityKey(), primaryIdentity, primaryEphemeral, random);
            core.updateDevice(device.withAdvSecretKey(result.advSecret()));
            Node finishNode = Node.builder("link_code_companion_reg")
                    .attr("jid", state.phone())
                    .attr("stage", "companion_finish")
                    .children(
                            bytes("link_code_pairing_wrapped_key_bundle", result.wrappedBundle()),
                            bytes(
                                    "companion_identity_public",
                                    device.identityKey().publicKey()),
                            bytes("link_code_pairing_ref", state.ref()))
                    .build();
            core.iq.query(link, "md", "set", List.of(finishNode)).join();
            pending = null;
        } catch (Exception e) {
            LOG.log(Level.WARNING, "pairing-code finish step failed: " + e.getMessage());
        }
    }

    /** Forgets a pending request (its connection closed). */
    void reset() {
        pending = null;
    }

    /** Strips non-digits; at least 7 and at most 15 digits, no leading 0 (whatsmeow {@code PairPhone}). */
    static String normalizePhone(String phone) {
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        if (digits.length() <= 6 || digits.length() > 15) {
            throw new IllegalArgumentException("phone number must have 7 to 15 digits with country code");
        }
        if (digits.startsWith("0")) {
            throw new IllegalArgumentException("phone number must start with the country code, not 0");
        }
        return digits;
    }

    private static Node bytes(String tag, byte[] content) {
        return Node.builder(tag).content(content).build();
    }

    private static Node text(String tag, String content) {
        return Node.builder(tag).content(content).build();
    }
}
