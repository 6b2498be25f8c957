package io.zapgate.wa.crypto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The little Ed25519 arithmetic XEdDSA needs and BouncyCastle does not expose publicly: multiplying the base
 * point by an arbitrary 32-byte scalar, and mapping a Montgomery u to an Edwards y.
 *
 * <p>Field operations are BouncyCastle's constant-time {@link X25519Field}. Points use extended twisted Edwards
 * coordinates (X:Y:Z:T) with the complete "add-2008-hwcd-3" formula (a = -1), so doubling is an addition
 * too; the scalar walk is a Montgomery ladder with constant-time swaps (no secret-dependent branches).
 * Curve constants: RFC 8032 §5.1.
 */
final class EdwardsMath {
    /** p = 2^255 - 19 (RFC 8032 §5.1). */
    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = -121665/121666 mod p (RFC 8032 §5.1); we keep 2d. */
    private static final int[] TWO_D = field(BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .shiftLeft(1)
            .mod(P));
    /** Base point B (RFC 8032 §5.1). */
    private static final int[] BASE_X =
            field(new BigInteger("15112221349535400772501151409588531511454012693041857206046113283949847762202"));

    private static final int[] BASE_Y =
            field(new BigInteger("46316835694926478169428394003475163141307993866256225615783033603165251855960"));

    private EdwardsMath() {}

    /** Encodes k·B (RFC 8032 §5.1.2 encoding) for a 32-byte little-endian scalar k. */
    static byte[] scalarMultBase(byte[] scalar) {
        int[][] r0 = identity();
        int[][] r1 = {copy(BASE_X), copy(BASE_Y), one(), mul(BASE_X, BASE_Y)};
        int swap = 0;
        for (int i = 255; i >= 0; i--) {
            int bit = (scalar[i >>> 3] >>> (i & 7)) & 1;
            swap ^= bit;
            cswap(swap, r0, r1);
            swap = bit;
            r1 = add(r0, r1);
            r0 = add(r0, r0);
        }
        cswap(swap, r0, r1);
        return encode(r0);
    }

    /**
     * Edwards y = (u - 1)/(u + 1) mod p for a Montgomery u (top bit ignored), encoded little-endian with the
     * sign bit clear (libsignal {@code curve25519_verify}; spec §1.7 "Verification").
     */
    static byte[] montgomeryToEdwardsY(byte[] u) {
        byte[] masked = u.clone();
        masked[31] &= 0x7F;
        int[] num = X25519Field.create();
        X25519Field.decode(masked, 0, num);
        int[] den = copy(num);
        X25519Field.subOne(num);
        X25519Field.addOne(den);
        X25519Field.carry(num);
        X25519Field.carry(den);
        int[] inv = X25519Field.create();
        X25519Field.inv(den, inv);
        int[] y = mul(num, inv);
        X25519Field.normalize(y);
        byte[] out = new byte[32];
        X25519Field.encode(y, out, 0);
        return out;
    }

    private static int[][] add(int[][] p, int[][] q) {
        int[] a = X25519Field.create();
        int[] b = X25519Field.create();
        int[] c = X25519Field.create();
        int[] d = X25519Field.create();
        X25519Field.apm(p[1], p[0], b, a);
        X25519Field.apm(q[1], q[0], d, c);
        a = mul(a, c);
        b = mul(b, d);
        c = mul(mul(p[3], q[3]), TWO_D);
        int[] z2 = X25519Field.create();
        X25519Field.add(p[2], p[2], z2);
        d = mul(z2, q[2]);
        int[] e = X25519Field.create();
        int[] h = X25519Field.create();
        int[] f = X25519Field.create();
        int[] g = X25519Field.create();
        X25519Field.apm(b, a, h, e);
        X25519Field.apm(d, c, g, f);
        X25519Field.carry(e);
        X25519Field.carry(f);
        X25519Field.carry(g);
        X25519Field.carry(h);
        return new int[][] {mul(e, f), mul(g, h), mul(f, g), mul(e, h)};
    }

    private static byte[] encode(int[][] p) {
        int[] zInv = X25519Field.create();
        X25519Field.inv(p[2], zInv);
        int[] x = mul(p[0], zInv);
        int[] y = mul(p[1], zInv);
        X25519Field.normalize(x);
        X25519Field.normalize(y);
        byte[] out = new byte[32];
        X25519Field.encode(y, out, 0);
        out[31] |= (byte) ((x[0] & 1) << 7);
        return out;
    }

    private static void cswap(int swap, int[][] a, int[][] b) {
        for (int i = 0; i < 4; i++) {
            X25519Field.cswap(swap, a[i], b[i]);
        }
    }

    private static int[][] identity() {
        return new int[][] {X25519Field.create(), one(), one(), X25519Field.create()};
    }

    private static int[] one() {
        int[] z = X25519Field.create();
        X25519Field.one(z);
        return z;
    }

    private static int[] mul(int[] x, int[] y) {
        int[] z = X25519Field.create();
        X25519Field.mul(x, y, z);
        return z;
    }

    private static int[] copy(int[] x) {
        int[] z = X25519Field.create();
        X25519Field.copy(x, 0, z, 0);
        return z;
    }

    private static int[] field(BigInteger value) {
        byte[] le = Scalars.toLittleEndian32(value);
        int[] z = X25519Field.create();
        X25519Field.decode(le, 0, z);
        return z;
    }
}
