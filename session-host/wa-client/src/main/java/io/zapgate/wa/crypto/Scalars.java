package io.zapgate.wa.crypto;

import java.math.BigInteger;

/**
 * Arithmetic modulo the Ed25519 group order L (RFC 8032 §5.1) on little-endian byte strings.
 * Uses {@link BigInteger}, which is not constant-time; see the note in {@link XEdDsa}.
 */
final class Scalars {
    /** L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 §5.1). */
    static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private Scalars() {}

    static BigInteger fromLittleEndian(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return new BigInteger(1, be);
    }

    /** Encodes a non-negative value below 2^256 as 32 little-endian bytes. */
    static byte[] toLittleEndian32(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("value does not fit 32 unsigned bytes");
        }
        byte[] be = value.toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    static BigInteger reduce(byte[] le) {
        return fromLittleEndian(le).mod(L);
    }
}
