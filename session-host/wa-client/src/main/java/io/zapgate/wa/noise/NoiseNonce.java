package io.zapgate.wa.noise;

/**
 * The 12-byte AES-GCM nonce {@code N(n)}: bytes 0-7 zero, bytes 8-11 the uint32 counter big-endian
 * (whatsmeow {@code socket/noisehandshake.go}/{@code noisesocket.go} {@code generateIV}; spec §1.4).
 */
final class NoiseNonce {
    /** Counters are uint32 (whatsmeow {@code counter uint32}); this is one past the last usable value. */
    static final long LIMIT = 1L << 32;

    private NoiseNonce() {}

    static byte[] of(long counter) {
        if (counter < 0 || counter >= LIMIT) {
            throw new NonceExhaustedException("nonce counter " + counter + " is outside uint32");
        }
        byte[] iv = new byte[12];
        iv[8] = (byte) (counter >>> 24);
        iv[9] = (byte) (counter >>> 16);
        iv[10] = (byte) (counter >>> 8);
        iv[11] = (byte) counter;
        return iv;
    }
}
