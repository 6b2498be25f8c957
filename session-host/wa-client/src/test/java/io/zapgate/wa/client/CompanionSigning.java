package io.zapgate.wa.client;

import io.zapgate.wa.crypto.KeyPair;

/**
 * The companion's half of ADV device identity (spec §4.2) for tests outside this package, e.g. the fake server's
 * {@code TestCompanion}: the client's own {@link PairVerifier}, so the companion's signing exists once. (The phone's
 * half is the fake's {@code AdvSigner}.)
 */
public final class CompanionSigning {
    /** The {@code pair-device-sign} device identity to send back, and its key index. */
    public record Reply(byte[] deviceIdentity, int keyIndex) {}

    private CompanionSigning() {}

    /**
     * Checks the pair-success container (HMAC under {@code advSecret}, the phone's account signature over our
     * identity) and signs it with {@code identity}.
     *
     * @throws AssertionError naming the refusal ({@code hmac-mismatch}, {@code signature-mismatch}, …)
     */
    public static Reply answer(byte[] container, byte[] advSecret, KeyPair identity) {
        try {
            PairVerifier.Verified v = PairVerifier.verify(container, advSecret, identity);
            return new Reply(v.reply(), v.keyIndex());
        } catch (PairVerifier.PairException e) {
            throw new AssertionError("pair-success refused: " + e.reason, e);
        }
    }
}
