package io.zapgate.wa.fake;

import io.zapgate.wa.binary.Node;
import io.zapgate.wa.crypto.KeyAgreementException;
import io.zapgate.wa.crypto.KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The phone's side of pairing by 8-character code for one companion connection (spec §5.2): remembers the
 * {@code companion_hello}, builds {@code primary_hello} once the code is entered, and opens the
 * {@code companion_finish} key bundle to derive the adv secret. Used only on the connection's executor.
 */
final class LinkCodePairing {
    /** What {@code companion_finish} yields for the pair-success step. */
    record Finished(byte[] noiseKey, byte[] companionIdentity, byte[] advSecret) {}

    private final ServerContext ctx;
    private final String ref;
    private final byte[] wrappedCompanionEphemeral;
    private final byte[] companionNoiseKey;
    private byte[] companionEphemeral;
    private KeyPair primaryEphemeral;

    private LinkCodePairing(ServerContext ctx, String ref, byte[] wrapped, byte[] noiseKey) {
        this.ctx = ctx;
        this.ref = ref;
        this.wrappedCompanionEphemeral = wrapped;
        this.companionNoiseKey = noiseKey;
    }

    /** Reads a {@code companion_hello} (spec §5.1 step 4); empty if a required child is missing. */
    static Optional<LinkCodePairing> fromHello(ServerContext ctx, Node reg) {
        Optional<byte[]> wrapped = bytes(reg, "link_code_pairing_wrapped_companion_ephemeral_pub");
        Optional<byte[]> noise = bytes(reg, "companion_server_auth_key_pub");
        if (wrapped.isEmpty()
                || noise.isEmpty()
                || wrapped.get().length != LinkCodeCrypto.WRAPPED_LENGTH
                || noise.get().length != 32) {
            return Optional.empty();
        }
        return Optional.of(new LinkCodePairing(ctx, "LINKREF" + ctx.nextId(), wrapped.get(), noise.get()));
    }

    String ref() {
        return ref;
    }

    /** The user typed {@code code} on the phone: unwrap E_c, make E_p, return the primary_hello notification. */
    Node primaryHello(String code) {
        String normalized = LinkCodeCrypto.normalizeCode(code);
        companionEphemeral = LinkCodeCrypto.unwrap(normalized, wrappedCompanionEphemeral);
        primaryEphemeral = KeyPair.generate(ctx.random);
        byte[] wrapped = LinkCodeCrypto.wrap(normalized, primaryEphemeral.publicKey(), ctx.random);
        return Stanzas.primaryHello("lc" + ctx.nextId(), ctx.nowSeconds(), ref, ctx.phoneIdentity.publicKey(), wrapped);
    }

    /**
     * Spec §5.2 steps 3–4: opens the bundle, checks it names the companion's identity and ours, derives the adv
     * secret.
     *
     * @throws FakePairingException on a missing part, a wrong ref, a bundle that does not open (wrong code) or
     *     mismatching keys
     */
    Finished finish(Node reg) {
        if (primaryEphemeral == null) {
            throw new FakePairingException("companion_finish before the code was entered on the phone");
        }
        String finishRef = bytes(reg, Stanzas.PAIRING_REF)
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse("");
        byte[] bundle = bytes(reg, "link_code_pairing_wrapped_key_bundle")
                .orElseThrow(() -> new FakePairingException("companion_finish without a key bundle"));
        byte[] identity = bytes(reg, "companion_identity_public")
                .orElseThrow(() -> new FakePairingException("companion_finish without companion_identity_public"));
        if (!finishRef.equals(ref)) {
            throw new FakePairingException("companion_finish names ref '" + finishRef + "', expected " + ref);
        }
        try {
            byte[] ephemeralShared = primaryEphemeral.agree(companionEphemeral);
            byte[] plain = LinkCodeCrypto.openBundle(ephemeralShared, bundle);
            if (!MessageDigest.isEqual(Arrays.copyOfRange(plain, 0, 32), identity)
                    || !MessageDigest.isEqual(Arrays.copyOfRange(plain, 32, 64), ctx.phoneIdentity.publicKey())) {
                throw new FakePairingException("key bundle does not hold the companion's and the phone's identity");
            }
            byte[] identityShared = ctx.phoneIdentity.agree(identity);
            byte[] advSecret =
                    LinkCodeCrypto.advSecret(ephemeralShared, identityShared, Arrays.copyOfRange(plain, 64, 96));
            return new Finished(companionNoiseKey.clone(), identity, advSecret);
        } catch (KeyAgreementException e) {
            throw new FakePairingException("pairing-code key agreement failed: " + e.getMessage(), e);
        }
    }

    private static Optional<byte[]> bytes(Node parent, String tag) {
        return parent.child(tag).flatMap(Node::contentBytes);
    }
}
